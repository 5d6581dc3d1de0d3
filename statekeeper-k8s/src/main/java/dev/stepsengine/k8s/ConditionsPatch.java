package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the JSON Patch (RFC 6902) that brings the keeper's own conditions to their desired state
 * on a snapshot (SEMANTICS K2, K5): one {@code replace} per changed condition it owns, one
 * {@code add} per new one, and a leading {@code test} of the resource version so that a write
 * based on a stale read fails instead of clobbering what another writer did.
 */
final class ConditionsPatch {
  private ConditionsPatch() {}

  /**
   * Returns the patch operations, or an empty list when every desired condition is already there.
   * Each desired condition carries its candidate transition time; the existing time is kept when
   * the status does not change, and {@code observedGeneration} is the snapshot's generation.
   */
  static List<Map<String, Object>> operations(ResourceSnapshot<?> snapshot, Collection<Condition> desired) {
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
    if (!added.isEmpty()) {
      if (snapshot.conditions() == null || snapshot.conditions().isEmpty()) {
        // A typed object may show an empty list the server does not have, and "add" needs the
        // parent: write the whole status as read, plus the conditions. The version lock makes this
        // safe: had anyone changed the status since the read, the write fails with 409.
        Map<String, Object> status = new LinkedHashMap<>();
        if (snapshot.status() != null) {
          status.putAll(snapshot.status());
        }
        status.put("conditions", added);
        ops.add(op("add", "/status", status));
      } else {
        for (Condition c : added) {
          ops.add(op("add", "/status/conditions/-", c));
        }
      }
    }
    if (!ops.isEmpty()) {
      ops.add(0, lockOn(snapshot));
    }
    return ops;
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
