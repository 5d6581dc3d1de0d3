package dev.stepsengine.jdbc;

import java.util.Map;
import java.util.TreeMap;

/**
 * How the keeper stores a state's outputs (SEMANTICS R18) in the {@code outputs} column: a JSON
 * object of strings, {@code {"paymentId":"pay-42"}}, or SQL {@code NULL} when there are none.
 * Every character survives: NUL, other control characters, quotes, backslashes and unpaired
 * surrogates are written as JSON escapes ({@code \u0000}, {@code \"}, {@code \udc00}), so the column
 * holds only text both databases store. Names and values together are bounded by
 * {@link #MAX_OUTPUT_CHARS} characters per state (before escaping).
 */
final class Outputs {
  /** How many characters of outputs (names and values together) one state holds. */
  static final int MAX_OUTPUT_CHARS = JdbcStateKeeper.MAX_OUTPUT_CHARS;

  private Outputs() {}

  /**
   * Returns the column value of {@code outputs}: {@code null} when empty.
   *
   * @throws IllegalArgumentException they hold more than {@link #MAX_OUTPUT_CHARS} characters
   */
  static String encode(String stateName, Map<String, String> outputs) {
    if (outputs.isEmpty()) {
      return null;
    }
    long size = checkSize(stateName, outputs);
    StringBuilder out = new StringBuilder((int) size + 8 * outputs.size()).append('{');
    boolean first = true;
    for (Map.Entry<String, String> e : new TreeMap<>(outputs).entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      string(out, e.getKey());
      out.append(':');
      string(out, e.getValue());
    }
    return out.append('}').toString();
  }

  /**
   * Returns how many characters {@code outputs} hold (names and values).
   *
   * @throws IllegalArgumentException more than {@link #MAX_OUTPUT_CHARS}
   */
  static long checkSize(String stateName, Map<String, String> outputs) {
    long size = 0;
    for (Map.Entry<String, String> e : outputs.entrySet()) {
      size += e.getKey().length() + e.getValue().length();
    }
    if (size > MAX_OUTPUT_CHARS) {
      throw new IllegalArgumentException("the outputs of state '" + stateName + "' hold " + size
          + " characters (names and values); the database keeper stores at most " + MAX_OUTPUT_CHARS
          + " per state (SEMANTICS R18)");
    }
    return size;
  }

  /**
   * Returns the outputs stored as {@code column}: empty for {@code null}.
   *
   * @throws IllegalArgumentException the column does not hold what {@link #encode} writes
   */
  static Map<String, String> decode(String column) {
    if (column == null || column.isEmpty()) {
      return Map.of();
    }
    Parser p = new Parser(column);
    Map<String, String> out = new TreeMap<>();
    p.skipSpace();
    p.expect('{');
    p.skipSpace();
    if (p.peek() == '}') {
      p.pos++;
    } else {
      for (;;) {
        p.skipSpace();
        String name = p.string();
        p.skipSpace();
        p.expect(':');
        p.skipSpace();
        out.put(name, p.string());
        p.skipSpace();
        char next = p.next();
        if (next == '}') {
          break;
        }
        if (next != ',') {
          throw p.error("',' or '}'");
        }
      }
    }
    p.skipSpace();
    if (p.pos != column.length()) {
      throw p.error("the end");
    }
    return out;
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean pairedSurrogate = Character.isHighSurrogate(ch) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1));
      if (pairedSurrogate) {
        out.append(ch).append(s.charAt(++i));
      } else if (ch == '"' || ch == '\\') {
        out.append('\\').append(ch);
      } else if (ch < 0x20 || Character.isSurrogate(ch) || ch == 0x7f) {
        out.append(String.format("\\u%04x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    out.append('"');
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    char peek() {
      if (pos >= s.length()) {
        throw error("more");
      }
      return s.charAt(pos);
    }

    char next() {
      char ch = peek();
      pos++;
      return ch;
    }

    void expect(char ch) {
      if (next() != ch) {
        pos--;
        throw error("'" + ch + "'");
      }
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      for (;;) {
        char ch = next();
        if (ch == '"') {
          return out.toString();
        }
        if (ch != '\\') {
          out.append(ch);
          continue;
        }
        char esc = next();
        switch (esc) {
          case '"', '\\', '/' -> out.append(esc);
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw error("four hex digits");
            }
            try {
              out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException e) {
              throw error("four hex digits");
            }
            pos += 4;
          }
          default -> {
            pos--;
            throw error("an escape");
          }
        }
      }
    }

    IllegalArgumentException error(String expected) {
      return new IllegalArgumentException("stored outputs are not a JSON object of strings: expected " + expected
          + " at character " + pos);
    }
  }
}
