package dev.stepsengine.k8s;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of the keeper's own status field {@code status.stepsEngine}: {@code throttles} (K13)
 * and {@code outputs} (R18), the latter mapping each state name to its saved values.
 */
final class KeeperOutputs {
  static final String THROTTLES = "throttles";
  static final String OUTPUTS = "outputs";

  private KeeperOutputs() {}

  /** Reads the outputs of {@code owned}, the keeper's field; entries that are not maps of strings are skipped. */
  static Map<String, Map<String, String>> decode(Map<?, ?> owned) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    if (owned != null && owned.get(OUTPUTS) instanceof Map<?, ?> states) {
      states.forEach((state, values) -> {
        if (values instanceof Map<?, ?> m) {
          Map<String, String> saved = new LinkedHashMap<>();
          m.forEach((name, value) -> {
            if (value != null) {
              saved.put(String.valueOf(name), String.valueOf(value));
            }
          });
          out.put(String.valueOf(state), Map.copyOf(saved));
        }
      });
    }
    return out;
  }
}
