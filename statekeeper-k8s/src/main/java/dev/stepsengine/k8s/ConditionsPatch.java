package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the write that brings the keeper's own conditions to their desired state on a snapshot
 * (SEMANTICS K2, K5): a JSON Patch (RFC 6902) with one {@code replace} per changed condition it
 * owns and one {@code add} per new one, led by a {@code replace} of the resource version so that
 * a write based on a stale read fails with 409 instead of clobbering what another writer did; or,
 * for the first conditions of a status that has none, a JSON merge patch that adds only them.
 */
final class ConditionsPatch {
  private ConditionsPatch() {}

  /**
   * Returns the patch, or {@code null} when every desired condition is already there.
   * Each desired condition carries its candidate transition time; the existing time is kept when
   * the status does not change, and {@code observedGeneration} is the snapshot's generation.
   */
  static Patch of(ResourceSnapshot<?> snapshot, Collection<Condition> desired) {
    List<Map<String, Object>> ops = new ArrayList<>();
    List<Condition> added = new ArrayList<>();
    for (Condition wanted : desired) {
      int index = snapshot.indexOf(wanted.getType());
      Condition existing = index < 0 ? null : snapshot.conditions().get(index);
      Condition next = withGenerationAndTime(wanted, snapshot.generation(), existing);
      if (existing == null) {
        added.add(next);
      } else if (!ConditionMapping.sameContent(existing, next)) {
        ops.add(op("replace", "/status/conditions/" + index, next));
      }
    }
    if (!added.isEmpty() && (snapshot.conditions() == null || snapshot.conditions().isEmpty())) {
      // No condition yet: a JSON Patch "add" needs the parent, which may be missing, and writing
      // the whole status from a typed snapshot would delete the fields its class does not model.
      // A merge patch creates what is missing and leaves every other field alone (K5); the
      // resource version in it makes a stale write fail with 409.
      return firstConditions(snapshot, added);
    }
    for (Condition c : added) {
      ops.add(op("add", "/status/conditions/-", c));
    }
    if (ops.isEmpty()) {
      return null;
    }
    ops.add(0, lockOn(snapshot));
    return Patch.json(ops);
  }

  /** The merge patch that writes the first conditions of a status that has none. */
  private static Patch firstConditions(ResourceSnapshot<?> snapshot, List<Condition> added) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", snapshot.resourceVersion());
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("metadata", metadata);
    document.put("status", Map.of("conditions", added));
    return Patch.merge(document);
  }

  /** Returns the operation that makes a patch fail with 409 unless the object is still at the snapshot's version. */
  static Map<String, Object> lockOn(ResourceSnapshot<?> snapshot) {
    return op("replace", "/metadata/resourceVersion", snapshot.resourceVersion());
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
}
