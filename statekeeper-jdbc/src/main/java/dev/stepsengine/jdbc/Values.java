package dev.stepsengine.jdbc;

/**
 * What the keeper stores of the text it is given (SEMANTICS J9), the same on SQLite and
 * PostgreSQL:
 *
 * <ul>
 *   <li>names (execution id, state name, owner) are keys: at most {@link #MAX_NAME_CHARS}
 *       characters, not blank, and without characters a database cannot store; anything else is
 *       refused with {@link IllegalArgumentException} before any SQL runs;
 *   <li>in texts (reason, message) each character a database cannot store — NUL
 *       (U+0000, refused by PostgreSQL) and an unpaired surrogate (no UTF-8 form) — is stored as
 *       U+FFFD ({@value #REPLACEMENT}); a reason longer than {@link #MAX_REASON_CHARS} and a
 *       message longer than {@link #MAX_MESSAGE_CHARS} are cut to that length, ending in
 *       {@code …[N more]};
 *   <li>step outputs are stored exactly, as JSON with escapes ({@link Outputs}).
 * </ul>
 */
final class Values {
  /** The longest execution id, state name or owner id. */
  static final int MAX_NAME_CHARS = 200;
  /** The longest reason stored; longer ones are cut. */
  static final int MAX_REASON_CHARS = 200;
  /** The longest message stored; longer ones are cut. */
  static final int MAX_MESSAGE_CHARS = 65_536;
  /** What a character neither database can store becomes. */
  static final char REPLACEMENT = '\uFFFD';

  private Values() {}

  /**
   * Returns {@code name} when the keeper can store it as a key.
   *
   * @throws IllegalArgumentException it is blank, too long, or holds a NUL or an unpaired surrogate
   */
  static String name(String what, String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    if (name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException(what + " '" + name.substring(0, 40) + "…' is " + name.length()
          + " characters long; the database keeper stores at most " + MAX_NAME_CHARS + " (SEMANTICS J9)");
    }
    if (!clean(name).equals(name)) {
      throw new IllegalArgumentException(what + " '" + clean(name) + "' holds a NUL character or an unpaired"
          + " surrogate (shown as " + REPLACEMENT + "), which the databases cannot store in a key (SEMANTICS J9)");
    }
    return name;
  }

  /** Returns the stored form of a reason: cleaned and cut to {@link #MAX_REASON_CHARS}. */
  static String reason(String reason) {
    return cut(clean(reason), MAX_REASON_CHARS);
  }

  /** Returns the stored form of a message: cleaned and cut to {@link #MAX_MESSAGE_CHARS}. */
  static String message(String message) {
    return cut(clean(message), MAX_MESSAGE_CHARS);
  }

  /** Returns {@code s} with every NUL and unpaired surrogate replaced by {@link #REPLACEMENT}. */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      boolean bad;
      if (ch == 0) {
        bad = true;
      } else if (Character.isHighSurrogate(ch)) {
        bad = i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        if (!bad) {
          if (out != null) {
            out.append(ch).append(s.charAt(i + 1));
          }
          i++;
          continue;
        }
      } else {
        bad = Character.isLowSurrogate(ch);
      }
      if (bad && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(bad ? REPLACEMENT : ch);
      }
    }
    return out == null ? s : out.toString();
  }

  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    String tail = "…[" + (s.length() - max) + " more]";
    int keep = max - tail.length();
    if (Character.isHighSurrogate(s.charAt(keep - 1))) {
      keep--; // never split a pair
    }
    String head = s.substring(0, keep);
    return head + "…[" + (s.length() - head.length()) + " more]";
  }
}
