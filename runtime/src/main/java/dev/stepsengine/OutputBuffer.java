package dev.stepsengine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The outputs one attempt of a step saved (SEMANTICS R18), checked against the declaration and the keeper's limit. */
final class OutputBuffer {
  private final String step;
  private final List<String> declared;
  private final int limit;
  private final Map<String, String> values = new LinkedHashMap<>();

  OutputBuffer(String step, List<String> declared, int limit) {
    this.step = step;
    this.declared = declared;
    this.limit = limit;
  }

  synchronized void save(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, () -> "value of output '" + name + "'");
    if (!declared.contains(name)) {
      throw new IllegalArgumentException("step '" + step + "' saves output '" + name + "', which it does not declare;"
          + " it declares " + declared + " (SEMANTICS R18): add it to outputs(...)");
    }
    int size = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      if (!e.getKey().equals(name)) {
        size += e.getKey().length() + e.getValue().length();
      }
    }
    size += name.length() + value.length();
    if (size > limit) {
      throw new IllegalArgumentException("outputs of step '" + step + "' would hold " + size
          + " characters; its keeper stores at most " + limit + " per state (SEMANTICS R18)");
    }
    values.put(name, value);
  }

  synchronized Map<String, String> values() {
    return Map.copyOf(values);
  }

  /** Forgets what a failed attempt saved: only the succeeding attempt's outputs are stored. */
  synchronized void clear() {
    values.clear();
  }
}
