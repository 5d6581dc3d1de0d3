package dev.stepsengine.k8s;

import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;

/**
 * One write the keeper sends: a JSON Patch (a list of operations) or a JSON merge patch (an
 * object), to be serialized as the request body.
 *
 * @param type {@link PatchType#JSON} or {@link PatchType#JSON_MERGE}
 * @param body the operations, or the merge document
 */
record Patch(PatchType type, Object body) {

  /** Returns a JSON Patch of {@code ops}. */
  static Patch json(List<Map<String, Object>> ops) {
    return new Patch(PatchType.JSON, ops);
  }

  /** Returns a JSON merge patch of {@code document}. */
  static Patch merge(Map<String, Object> document) {
    return new Patch(PatchType.JSON_MERGE, document);
  }
}
