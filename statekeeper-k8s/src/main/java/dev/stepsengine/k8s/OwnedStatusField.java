package dev.stepsengine.k8s;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.throttling.ThrottleRecord;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the keeper keeps in its own status field {@code status.stepsEngine}: the throttle times
 * (K13; or in an annotation, K7) and the step outputs (R18), with what changed since the keeper's
 * last write, merged with what other writers stored when the object is read again (K5).
 *
 * <p>Not thread-safe: the keeper calls it under its lock; the {@link KeeperThrottleStore} it holds
 * takes that same lock for the engine's calls.
 */
final class OwnedStatusField {
  private final KubernetesSerialization json;
  /** Whether the object's status class models the field (a {@link StatusModel} fact). */
  private final boolean modeled;
  private final boolean throttlesInStatus;
  private final String throttleAnnotation;
  private final KeeperThrottleStore throttleStore;
  private final OwnedEntries<Map<String, String>> outputs;

  /**
   * Reads the field (and the throttle annotation) of {@code snapshot}.
   *
   * @param lock the keeper's lock, which the throttle store takes
   * @param snapshot the object as first read
   * @param modeled whether the object's status class models the field
   * @param throttlesInStatus whether throttle times are kept in the field rather than the annotation
   * @param throttleAnnotation the annotation of K7, read in any case
   * @param json how the object is serialized
   */
  OwnedStatusField(Object lock, ResourceSnapshot<?> snapshot, boolean modeled, boolean throttlesInStatus,
      String throttleAnnotation, KubernetesSerialization json) {
    this.json = json;
    this.modeled = modeled;
    this.throttlesInStatus = throttlesInStatus;
    this.throttleAnnotation = throttleAnnotation;
    this.throttleStore = new KeeperThrottleStore(lock, storedThrottles(snapshot));
    this.outputs = new OwnedEntries<>(KeeperOutputs.decode(snapshot.owned));
  }

  /** Returns the throttle store on the object. */
  KeeperThrottleStore throttleStore() {
    return throttleStore;
  }

  /** Returns whether throttle times are kept in the field (K13) rather than the annotation (K7). */
  boolean throttlesInStatus() {
    return throttlesInStatus;
  }

  /** Returns the annotation throttle times are kept in or read from (K7). */
  String throttleAnnotation() {
    return throttleAnnotation;
  }

  /** Returns the saved outputs of state {@code name}, or {@code null}. */
  Map<String, String> outputsOf(String name) {
    return outputs.get(name);
  }

  /** Saves the outputs of {@code state}: a success's replace the earlier ones; other states hold none. */
  void saveOutputs(StepState state) {
    if (state.status() == StepStatus.SUCCEEDED && !state.outputs().isEmpty()) {
      outputs.put(state.name(), state.outputs());
    } else {
      outputs.remove(state.name()); // a re-run replaces the outputs; other states hold none
    }
  }

  /** Removes the outputs of state {@code name} (K11). */
  void removeOutputs(String name) {
    outputs.remove(name);
  }

  /** Removes the outputs of every state (K11). */
  void removeAllOutputs() {
    outputs.values().keySet().stream().toList().forEach(outputs::remove);
  }

  /** Returns whether the status write must carry the field: it changed and the status class models it. */
  boolean due() {
    return modeled && (outputs.dirty() || throttlesInStatus && throttleStore.entries.dirty());
  }

  /** The field as it should be on {@code s}: throttle times (K13) and outputs (R18). */
  Map<String, Object> valueOn(ResourceSnapshot<?> s) {
    Map<String, Object> value = new LinkedHashMap<>();
    Object throttles = throttlesInStatus ? KeeperThrottleStore.encode(throttleStore.entries.values())
        : s.owned == null ? null : s.owned.get(KeeperOutputs.THROTTLES);
    if (throttles != null && !(throttles instanceof Map<?, ?> m && m.isEmpty())) {
      value.put(KeeperOutputs.THROTTLES, throttles);
    }
    if (!outputs.values().isEmpty()) {
      value.put(KeeperOutputs.OUTPUTS, new LinkedHashMap<>(outputs.values()));
    }
    return value;
  }

  /** Hears that the status write went out: what it carries is no longer a change. */
  void statusWritten() {
    outputs.written();
    if (throttlesInStatus) {
      throttleStore.entries.written();
    }
  }

  /** Returns the annotation's new JSON value when throttle times are kept there and changed (K7); {@code null} otherwise. */
  String annotationDue() {
    return !throttlesInStatus && throttleStore.entries.dirty()
        ? json.asJson(KeeperThrottleStore.encode(throttleStore.entries.values())) : null;
  }

  /** Hears that the annotation write went out. */
  void annotationWritten() {
    throttleStore.entries.written();
  }

  /** Takes what other writers stored on {@code s} for every entry not changed here (K5). */
  void mergeFrom(ResourceSnapshot<?> s) {
    throttleStore.entries.mergeFrom(storedThrottles(s));
    outputs.mergeFrom(KeeperOutputs.decode(s.owned));
  }

  private Map<String, ThrottleRecord> storedThrottles(ResourceSnapshot<?> s) {
    // K13: times an older version kept in the annotation are still honoured; the status field wins
    Map<String, ThrottleRecord> stored = KeeperThrottleStore.decodeAnnotation(s.annotations().get(throttleAnnotation), json);
    if (throttlesInStatus && s.owned != null) {
      stored.putAll(KeeperThrottleStore.decode(s.owned.get(KeeperOutputs.THROTTLES)));
    }
    return stored;
  }
}
