package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the keeper last read of its object: the version its next write is checked against, the
 * generation, the conditions, {@code status.observedGeneration}, the keeper's own status field
 * and the annotations.
 *
 * <p>Reading costs nothing that grows with the spec: the conditions come straight from a
 * {@link StepsStatus}, from the map of a generic resource, or (for other typed classes) from the
 * JSON form of the status alone, never of the whole object.
 *
 * @param <R> the resource type
 */
final class ResourceSnapshot<R extends HasMetadata> {
  /** Name of the keeper's own status field (K13, R18). */
  static final String OWNED_FIELD = "stepsEngine";

  final R resource;
  final String resourceVersion;
  final Long generation;
  /** {@code status.conditions} in order; empty when absent. */
  final List<Condition> conditions;
  /** {@code status.observedGeneration}, or {@code null}. */
  final Long observedGeneration;
  /** The keeper's own status field as JSON values, or {@code null}. */
  final Map<?, ?> owned;
  private final Object status;
  private final KubernetesSerialization json;
  private Map<String, Integer> index;
  private Map<?, ?> statusTree;

  private ResourceSnapshot(R resource, Object status, Map<?, ?> tree, KubernetesSerialization json) {
    this.resource = resource;
    this.resourceVersion = resource.getMetadata().getResourceVersion();
    this.generation = resource.getMetadata().getGeneration();
    this.status = status;
    this.json = json;
    this.statusTree = tree;
    if (status instanceof StepsStatus typed) {
      List<Condition> list = typed.getConditions();
      this.conditions = list == null ? List.of() : new ArrayList<>(list);
      this.observedGeneration = typed.getObservedGeneration();
      this.owned = typed.getStepsEngine();
    } else {
      this.conditions = tree == null ? List.of() : conditionsOf(tree.get("conditions"));
      this.observedGeneration = tree != null && tree.get("observedGeneration") instanceof Number n ? n.longValue() : null;
      this.owned = tree != null && tree.get(OWNED_FIELD) instanceof Map<?, ?> m ? m : null;
    }
  }

  /** Reads {@code resource}: typed, generic or any other kind. */
  static <R extends HasMetadata> ResourceSnapshot<R> of(R resource, KubernetesSerialization json) {
    Object status;
    if (resource instanceof CustomResource<?, ?> cr) {
      status = cr.getStatus();
    } else if (resource instanceof GenericKubernetesResource g) {
      status = g.getAdditionalProperties().get("status");
    } else {
      status = json.convertValue(resource, Map.class).get("status");
    }
    Map<?, ?> tree = status instanceof Map<?, ?> m ? m
        : status == null || status instanceof StepsStatus ? null : json.convertValue(status, Map.class);
    return new ResourceSnapshot<>(resource, status, tree, json);
  }

  /** Returns {@code status} as JSON values (made on first use for a typed status); {@code null} when there is none. */
  Map<?, ?> statusTree() {
    if (statusTree == null && status != null) {
      statusTree = json.convertValue(status, Map.class);
    }
    return statusTree;
  }

  /** Returns the annotations (never {@code null}). */
  Map<String, String> annotations() {
    Map<String, String> a = resource.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  /** Returns the index of the condition of {@code type}, or -1. */
  int indexOf(String type) {
    Map<String, Integer> i = index;
    if (i == null) {
      i = new HashMap<>(conditions.size() * 2);
      for (int n = conditions.size() - 1; n >= 0; n--) {
        i.put(conditions.get(n).getType(), n); // the first of duplicates wins
      }
      index = i;
    }
    return i.getOrDefault(type, -1);
  }

  /** Returns the condition of {@code type}, or {@code null}. */
  Condition condition(String type) {
    int i = indexOf(type);
    return i < 0 ? null : conditions.get(i);
  }

  private static List<Condition> conditionsOf(Object value) {
    if (!(value instanceof List<?> list)) {
      return List.of();
    }
    List<Condition> out = new ArrayList<>(list.size());
    for (Object item : list) {
      if (item instanceof Map<?, ?> m) {
        Condition c = new Condition();
        c.setType(text(m.get("type")));
        c.setStatus(text(m.get("status")));
        c.setReason(text(m.get("reason")));
        c.setMessage(text(m.get("message")));
        c.setLastTransitionTime(text(m.get("lastTransitionTime")));
        c.setObservedGeneration(m.get("observedGeneration") instanceof Number n ? n.longValue() : null);
        out.add(c);
      }
    }
    return out;
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
