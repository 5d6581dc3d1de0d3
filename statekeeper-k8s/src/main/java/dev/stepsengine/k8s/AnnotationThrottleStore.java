package dev.stepsengine.k8s;

import dev.stepsengine.throttling.ThrottleRecord;
import dev.stepsengine.throttling.ThrottleStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ThrottleStore} kept in one annotation of the keeper's object (SEMANTICS K7), so a
 * restarted or newly elected controller honours the throttle times. Changes are buffered and sent
 * by {@link ConditionsStateKeeper#flush()}, in the same lock as the keeper's conditions.
 */
final class AnnotationThrottleStore implements ThrottleStore {
  private static final Logger LOG = LoggerFactory.getLogger(AnnotationThrottleStore.class);
  private static final String LAST_START = "lastStart";
  private static final String LAST_SUCCESS = "lastSuccess";

  private final Object lock;
  private final KubernetesSerialization json;
  private final Map<String, ThrottleRecord> records = new TreeMap<>();
  private boolean dirty;

  AnnotationThrottleStore(Object lock, KubernetesSerialization json, String annotation) {
    this.lock = lock;
    this.json = json;
    if (annotation != null && !annotation.isBlank()) {
      decode(annotation);
    }
  }

  @Override
  public Optional<ThrottleRecord> get(String key) {
    synchronized (lock) {
      return Optional.ofNullable(records.get(key));
    }
  }

  @Override
  public void put(String key, ThrottleRecord record) {
    synchronized (lock) {
      records.put(key, record);
      dirty = true;
    }
  }

  @Override
  public void remove(String key) {
    synchronized (lock) {
      dirty |= records.remove(key) != null;
    }
  }

  /** Returns whether there are changes not yet written; call holding the lock. */
  boolean dirty() {
    return dirty;
  }

  /** Marks the changes written; call holding the lock. */
  void written() {
    dirty = false;
  }

  /** Returns the annotation value: a JSON object of key to start and success times; call holding the lock. */
  String encode() {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    records.forEach((key, r) -> {
      Map<String, String> times = new LinkedHashMap<>();
      if (r.lastStart() != null) {
        times.put(LAST_START, r.lastStart().toString());
      }
      if (r.lastSuccess() != null) {
        times.put(LAST_SUCCESS, r.lastSuccess().toString());
      }
      out.put(key, times);
    });
    return json.asJson(out);
  }

  private void decode(String annotation) {
    try {
      Map<?, ?> map = json.unmarshal(annotation, Map.class);
      map.forEach((key, value) -> {
        if (value instanceof Map<?, ?> times) {
          records.put(String.valueOf(key), new ThrottleRecord(time(times.get(LAST_START)), time(times.get(LAST_SUCCESS))));
        }
      });
    } catch (RuntimeException e) {
      // a hand-edited annotation must not stop reconciles: start over, the next flush rewrites it
      LOG.warn("ignoring unreadable throttle annotation {}: {}", annotation, e.toString());
      records.clear();
    }
  }

  private static Instant time(Object value) {
    return value == null ? null : Instant.parse(value.toString());
  }

  /** Returns the JSON Patch that writes {@code value} to annotation {@code name} of {@code snapshot}'s object. */
  static List<Map<String, Object>> patch(ResourceSnapshot<?> snapshot, String name, String value) {
    Map<String, Object> lock = ConditionsPatch.lockOn(snapshot);
    if (snapshot.annotations().isEmpty()) {
      return List.of(lock, ConditionsPatch.op("add", "/metadata/annotations", Map.of(name, value)));
    }
    String escaped = name.replace("~", "~0").replace("/", "~1");
    return List.of(lock, ConditionsPatch.op("add", "/metadata/annotations/" + escaped, value));
  }
}
