package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the keeper's one status write from a snapshot and its buffered changes (SEMANTICS K2, K4,
 * K5, K10, K11, K13): its own conditions, removals of reset ones, the status fields it writes
 * ({@code observedGeneration}, the fields steps gave it) and its own field.
 *
 * <p>When the status already holds conditions, the write is a JSON Patch (RFC 6902) led by a
 * {@code replace} of the resource version, so a write based on a stale read fails with 409 instead
 * of clobbering another writer: one {@code replace} per changed condition, one {@code remove} per
 * reset one, one {@code add} per new one, one {@code add} per field. Otherwise (no condition yet,
 * perhaps no status) it is a JSON merge patch carrying the resource version, which creates what is
 * missing and leaves every other field alone: writing the whole status from a typed snapshot would
 * delete the fields its class does not model.
 */
final class StatusPatch {
  private StatusPatch() {}

  /**
   * Returns the write, or {@code null} when it would change nothing.
   *
   * @param snapshot the object as last read
   * @param desired the keeper's conditions, with candidate transition times; a condition without
   *     status removes its type
   * @param fields status fields to write, by name, as JSON values
   * @param owned the keeper's own field as it should be, or {@code null} to leave it alone
   */
  static Patch of(ResourceSnapshot<?> snapshot, Collection<Condition> desired, Map<String, Object> fields,
      Map<String, Object> owned) {
    return snapshot.conditions.isEmpty()
        ? merge(snapshot, desired, fields, owned)
        : jsonPatch(snapshot, desired, fields, owned);
  }

  private static Patch jsonPatch(ResourceSnapshot<?> snapshot, Collection<Condition> desired, Map<String, Object> fields,
      Map<String, Object> owned) {
    List<Map<String, Object>> ops = new ArrayList<>();
    List<Integer> removed = new ArrayList<>();
    List<Condition> added = new ArrayList<>();
    for (Condition wanted : desired) {
      int index = snapshot.indexOf(wanted.getType());
      Condition existing = index < 0 ? null : snapshot.conditions.get(index);
      if (wanted.getStatus() == null) {
        if (index >= 0) {
          removed.add(index);
        }
        continue;
      }
      Condition next = withGenerationAndTime(wanted, snapshot.generation, existing);
      if (existing == null) {
        added.add(next);
      } else if (!ConditionMapping.sameContent(existing, next)) {
        ops.add(op("replace", "/status/conditions/" + index, next));
      }
    }
    removed.sort((a, b) -> b - a); // from the end, so the indexes still hold
    for (int index : removed) {
      ops.add(remove("/status/conditions/" + index));
    }
    for (Condition c : added) {
      ops.add(op("add", "/status/conditions/-", c));
    }
    fields.forEach((name, value) -> ops.add(op("add", "/status/" + escape(name), value)));
    if (owned != null && !owned.equals(snapshot.owned)) {
      ops.add(op("add", "/status/" + ResourceSnapshot.OWNED_FIELD, owned));
    }
    if (ops.isEmpty()) {
      return null;
    }
    ops.add(0, lockOn(snapshot));
    return Patch.json(ops);
  }

  private static Patch merge(ResourceSnapshot<?> snapshot, Collection<Condition> desired, Map<String, Object> fields,
      Map<String, Object> owned) {
    Map<String, Object> status = new LinkedHashMap<>();
    List<Condition> added = new ArrayList<>();
    for (Condition wanted : desired) {
      if (wanted.getStatus() != null) {
        added.add(withGenerationAndTime(wanted, snapshot.generation, null));
      }
    }
    if (!added.isEmpty()) {
      status.put("conditions", added);
    }
    status.putAll(fields);
    if (owned != null) {
      Object diff = mergeDiff(snapshot.owned, owned);
      if (!(diff instanceof Map<?, ?> m && m.isEmpty())) {
        status.put(ResourceSnapshot.OWNED_FIELD, diff);
      }
    }
    if (status.isEmpty()) {
      return null;
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", snapshot.resourceVersion);
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("metadata", metadata);
    document.put("status", status);
    return Patch.merge(document);
  }

  /** Returns the merge patch (RFC 7386) that turns {@code old} into {@code wanted}: removed keys become {@code null}. */
  static Object mergeDiff(Object old, Object wanted) {
    if (!(old instanceof Map<?, ?> before) || !(wanted instanceof Map<?, ?> after)) {
      return wanted;
    }
    Map<String, Object> diff = new LinkedHashMap<>();
    after.forEach((key, value) -> {
      if (!Objects.equals(before.get(key), value)) {
        diff.put(String.valueOf(key), mergeDiff(before.get(key), value));
      }
    });
    before.keySet().forEach(key -> {
      if (!after.containsKey(key)) {
        diff.put(String.valueOf(key), null);
      }
    });
    return diff;
  }

  /** Returns the operation that makes a patch fail with 409 unless the object is still at the snapshot's version. */
  static Map<String, Object> lockOn(ResourceSnapshot<?> snapshot) {
    return op("replace", "/metadata/resourceVersion", snapshot.resourceVersion);
  }

  /** Escapes a member name for a JSON Pointer (RFC 6901). */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static Condition withGenerationAndTime(Condition wanted, Long generation, Condition existing) {
    Condition next = new Condition();
    next.setType(wanted.getType());
    next.setStatus(wanted.getStatus());
    next.setReason(wanted.getReason());
    next.setMessage(wanted.getMessage());
    next.setObservedGeneration(generation);
    boolean statusKept = existing != null && wanted.getStatus().equals(existing.getStatus())
        && existing.getLastTransitionTime() != null;
    next.setLastTransitionTime(statusKept ? existing.getLastTransitionTime() : wanted.getLastTransitionTime());
    return next;
  }

  static Map<String, Object> op(String op, String path, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("path", path);
    m.put("value", value);
    return m;
  }

  private static Map<String, Object> remove(String path) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", "remove");
    m.put("path", path);
    return m;
  }
}
