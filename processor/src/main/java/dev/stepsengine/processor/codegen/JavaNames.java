package dev.stepsengine.processor.codegen;

import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/** Turns step and state names into unique Java identifiers for the generated class. */
final class JavaNames {
  private JavaNames() {}

  /** Returns a constant name for a state name: {@code "example.com/DbReady"} becomes {@code EXAMPLE_COM_DB_READY}. */
  static String constant(String stateName, Set<String> taken) {
    // one pass instead of regular expressions (this runs for every state and step name): an
    // underscore between a lower-case letter or digit and an upper-case letter, one underscore for
    // every run of other characters, none at either end
    StringBuilder snake = new StringBuilder(stateName.length() + 8);
    boolean gap = false;
    char previous = 0;
    for (int i = 0; i < stateName.length(); i++) {
      char c = stateName.charAt(i);
      if (isAsciiLetterOrDigit(c)) {
        if (snake.length() > 0 && (gap || isUpper(c) && (isLower(previous) || isDigit(previous)))) {
          snake.append('_');
        }
        snake.append(Character.toUpperCase(c));
        gap = false;
      } else {
        gap = snake.length() > 0;
      }
      previous = c;
    }
    String name = snake.toString();
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      name = "STATE_" + name;
    }
    return unique(name, "_", taken);
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isUpper(c) || isLower(c) || isDigit(c);
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Returns a method name made of {@code base} (made a legal identifier) and {@code suffix}. */
  static String method(String base, String suffix, Set<String> taken) {
    StringBuilder out = new StringBuilder();
    for (char c : base.toCharArray()) {
      out.append(Character.isJavaIdentifierPart(c) ? c : '_');
    }
    if (out.length() == 0 || !Character.isJavaIdentifierStart(out.charAt(0))) {
      out.insert(0, '_');
    }
    return unique(out + suffix, "", taken);
  }

  private static String unique(String name, String separator, Set<String> taken) {
    String candidate = SourceVersion.isKeyword(name) ? name + separator + "1" : name;
    for (int i = 2; !taken.add(candidate); i++) {
      candidate = name + separator + i;
    }
    return candidate;
  }
}
