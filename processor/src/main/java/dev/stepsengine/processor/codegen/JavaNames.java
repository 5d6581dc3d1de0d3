package dev.stepsengine.processor.codegen;

import java.util.Locale;
import java.util.Set;
import javax.lang.model.SourceVersion;

/** Turns step and state names into unique Java identifiers for the generated class. */
final class JavaNames {
  private JavaNames() {}

  /** Returns a constant name for a state name: {@code "example.com/DbReady"} becomes {@code EXAMPLE_COM_DB_READY}. */
  static String constant(String stateName, Set<String> taken) {
    String snake = stateName
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("[^A-Za-z0-9]+", "_")
        .replaceAll("^_+|_+$", "")
        .toUpperCase(Locale.ROOT);
    if (snake.isEmpty() || !Character.isJavaIdentifierStart(snake.charAt(0))) {
      snake = "STATE_" + snake;
    }
    return unique(snake, "_", taken);
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
