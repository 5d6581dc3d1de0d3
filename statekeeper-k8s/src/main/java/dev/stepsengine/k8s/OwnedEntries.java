package dev.stepsengine.k8s;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keyed values the keeper keeps on its object (throttle times, step outputs), with the keys it
 * changed since its last write: those win over what another writer stored, every other key takes
 * the stored value when the object is read again (K5). Not thread-safe: the keeper's lock guards it.
 *
 * @param <V> the value type
 */
final class OwnedEntries<V> {
  private final Map<String, V> values = new TreeMap<>();
  private final Set<String> changed = new HashSet<>();

  OwnedEntries(Map<String, V> stored) {
    values.putAll(stored);
  }

  V get(String key) {
    return values.get(key);
  }

  void put(String key, V value) {
    if (!value.equals(values.put(key, value))) {
      changed.add(key);
    }
  }

  void remove(String key) {
    if (values.remove(key) != null) {
      changed.add(key);
    }
  }

  /** Returns whether there are changes not yet written. */
  boolean dirty() {
    return !changed.isEmpty();
  }

  /** Marks the changes written. */
  void written() {
    changed.clear();
  }

  /** Takes what another writer stored for every key not changed here. */
  void mergeFrom(Map<String, V> stored) {
    values.keySet().removeIf(key -> !changed.contains(key) && !stored.containsKey(key));
    stored.forEach((key, value) -> {
      if (!changed.contains(key)) {
        values.put(key, value);
      }
    });
  }

  /** Returns every value by key, sorted. */
  Map<String, V> values() {
    return Collections.unmodifiableMap(values);
  }
}
