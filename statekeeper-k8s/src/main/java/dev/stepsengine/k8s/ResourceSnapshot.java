package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the keeper last read of its object: the version its next write is checked against, the
 * generation, the conditions and the annotations.
 *
 * @param resource the object as read
 * @param resourceVersion its {@code metadata.resourceVersion}
 * @param generation its {@code metadata.generation}, or {@code null} when the server sets none
 * @param status the object's {@code status} as JSON values, or {@code null} when it has none
 * @param conditions {@code status.conditions} in order, or {@code null} when absent
 * @param annotations its annotations (never {@code null})
 */
record ResourceSnapshot<R extends HasMetadata>(R resource, String resourceVersion, Long generation, Map<String, Object> status,
    List<Condition> conditions, Map<String, String> annotations) {

  /** Reads the conditions of any resource through its JSON form, so no accessor is needed. */
  static <R extends HasMetadata> ResourceSnapshot<R> of(R resource, KubernetesSerialization json) {
    Map<?, ?> tree = json.convertValue(resource, Map.class);
    Object status = tree.get("status");
    Map<String, Object> statusMap = null;
    if (status instanceof Map<?, ?> s) {
      statusMap = new java.util.LinkedHashMap<>();
      for (Map.Entry<?, ?> e : s.entrySet()) {
        statusMap.put(String.valueOf(e.getKey()), e.getValue());
      }
    }
    List<Condition> conditions = null;
    if (status instanceof Map<?, ?> s && s.get("conditions") instanceof List<?> list) {
      conditions = new ArrayList<>(list.size());
      for (Object item : list) {
        conditions.add(json.convertValue(item, Condition.class));
      }
    }
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return new ResourceSnapshot<>(resource, resource.getMetadata().getResourceVersion(),
        resource.getMetadata().getGeneration(), statusMap, conditions,
        annotations == null ? Map.of() : Map.copyOf(annotations));
  }

  /** Returns the index of the condition of {@code type}, or -1. */
  int indexOf(String type) {
    if (conditions != null) {
      for (int i = 0; i < conditions.size(); i++) {
        if (type.equals(conditions.get(i).getType())) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Returns the condition of {@code type}, or {@code null}. */
  Condition condition(String type) {
    int i = indexOf(type);
    return i < 0 ? null : conditions.get(i);
  }
}
