package dev.stepsengine.k8s;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The top-level status fields a keeper writes besides its conditions: {@code observedGeneration}
 * when the generation moved (K10), and the fields steps gave it (K11), buffered until the keeper's
 * write and sent only when they differ from what the object holds.
 *
 * <p>Not thread-safe: the keeper calls it under its lock (except {@link #toJson}, which reads only
 * final fields).
 */
final class StatusFields {
  private final KubernetesSerialization json;
  private final String summary;
  private final boolean writesObservedGeneration;
  /** Status fields steps gave the keeper (K11), as JSON values. */
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /**
   * Makes the status fields of a keeper.
   *
   * @param json how the object is serialized
   * @param summary the keeper's object, for messages
   * @param writesObservedGeneration whether the keeper writes {@code status.observedGeneration}
   */
  StatusFields(KubernetesSerialization json, String summary, boolean writesObservedGeneration) {
    this.json = json;
    this.summary = summary;
    this.writesObservedGeneration = writesObservedGeneration;
  }

  /**
   * Returns {@code value} as the JSON value field {@code name} will be written with.
   *
   * @throws IllegalArgumentException when the keeper owns the field, or the name is empty
   */
  Object toJson(String name, Object value) {
    boolean owned = name.equals("conditions") || name.equals(ResourceSnapshot.OWNED_FIELD)
        || name.equals("observedGeneration") && writesObservedGeneration;
    if (owned || name.isEmpty()) {
      throw new IllegalArgumentException("K11: status field '" + name + "' of " + summary + " is "
          + (owned ? "owned by the keeper, which writes it itself; steps write conditions through their states,"
              + " reset them with resetStates(...), and set fields of their own" : "not a field name"));
    }
    return json.unmarshal(json.asJson(value), Object.class);
  }

  /** Buffers field {@code name} with {@code jsonValue}, as {@link #toJson} made it. */
  void put(String name, Object jsonValue) {
    fields.put(name, jsonValue);
  }

  /** Returns whether no step field is buffered. */
  boolean isEmpty() {
    return fields.isEmpty();
  }

  /** The status fields to write on {@code s}: observedGeneration when it moved (K10), and the steps' fields that differ (K11). */
  Map<String, Object> dueOn(ResourceSnapshot<?> s) {
    Map<String, Object> due = new LinkedHashMap<>();
    if (writesObservedGeneration && s.generation != null && !s.generation.equals(s.observedGeneration)) {
      due.put("observedGeneration", s.generation);
    }
    if (!fields.isEmpty()) {
      Map<?, ?> stored = s.statusTree();
      fields.forEach((name, value) -> {
        if (stored == null || !Objects.equals(stored.get(name), value)) {
          due.put(name, value);
        }
      });
    }
    return due;
  }

  /** Marks the buffered fields written. */
  void written() {
    fields.clear();
  }
}
