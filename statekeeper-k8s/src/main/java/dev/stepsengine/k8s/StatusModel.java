package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which of the keeper's own status fields a resource class can hold. fabric8 fails to read an
 * object whose status holds a field its typed class does not model, so the keeper writes
 * {@code status.observedGeneration} (K10) and {@code status.stepsEngine} (K13, R18) only to classes
 * that keep them. Found once per class by a round trip of a sample through the class's own JSON
 * binding.
 *
 * @param observedGeneration whether {@code status.observedGeneration} survives a round trip
 * @param ownedField whether {@code status.stepsEngine} survives a round trip
 */
record StatusModel(boolean observedGeneration, boolean ownedField) {
  private static final StatusModel EVERYTHING = new StatusModel(true, true);
  private static final Map<Class<?>, StatusModel> MODELS = new ConcurrentHashMap<>();

  /** Returns what {@code resource}'s class can hold. */
  static StatusModel of(HasMetadata resource, KubernetesSerialization json) {
    if (resource instanceof GenericKubernetesResource) {
      return EVERYTHING;
    }
    return MODELS.computeIfAbsent(resource.getClass(), c -> new StatusModel(
        survives(resource, json, "observedGeneration", 1L),
        survives(resource, json, ResourceSnapshot.OWNED_FIELD,
            Map.of("throttles", Map.of("probe", Map.of("lastStart", "2026-01-01T00:00:00Z"))))));
  }

  private static boolean survives(HasMetadata resource, KubernetesSerialization json, String field, Object sample) {
    Map<String, Object> probe = new LinkedHashMap<>();
    probe.put("apiVersion", resource.getApiVersion());
    probe.put("kind", resource.getKind());
    probe.put("metadata", Map.of("name", "probe"));
    probe.put("status", Map.of(field, sample, "conditions", List.of()));
    try {
      Object typed = json.convertValue(probe, resource.getClass());
      return json.convertValue(typed, Map.class).get("status") instanceof Map<?, ?> status
          && sample.equals(normalized(status.get(field)));
    } catch (RuntimeException unknownField) {
      return false;
    }
  }

  private static Object normalized(Object value) {
    return value instanceof Number n ? (Object) n.longValue() : value;
  }
}
