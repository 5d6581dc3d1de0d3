package dev.stepsengine.k8s;

import dev.stepsengine.throttling.ThrottleRecord;
import dev.stepsengine.throttling.ThrottleStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  /** Keys put or removed since the last write: they win over what another writer stored. */
  private final Set<String> changed = new HashSet<>();

  AnnotationThrottleStore(Object lock, KubernetesSerialization json, String annotation) {
    this.lock = lock;
    this.json = json;
    records.putAll(decode(annotation));
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
      changed.add(key);
    }
  }

  @Override
  public void remove(String key) {
    synchronized (lock) {
      if (records.remove(key) != null) {
        changed.add(key);
      }
    }
  }

  /** Returns whether there are changes not yet written; call holding the lock. */
  boolean dirty() {
    return !changed.isEmpty();
  }

  /** Marks the changes written; call holding the lock. */
  void written() {
    changed.clear();
  }

  /**
   * Takes the records another writer stored in {@code annotation} for every key this store has
   * not changed itself, so a retried write keeps them (K5); call holding the lock.
   */
  void mergeFrom(String annotation) {
    Map<String, ThrottleRecord> stored = decode(annotation);
    records.keySet().removeIf(key -> !changed.contains(key) && !stored.containsKey(key));
    stored.forEach((key, record) -> {
      if (!changed.contains(key)) {
        records.put(key, record);
      }
    });
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

  private Map<String, ThrottleRecord> decode(String annotation) {
    Map<String, ThrottleRecord> out = new TreeMap<>();
    if (annotation == null || annotation.isBlank()) {
      return out;
    }
    Map<?, ?> map;
    try {
      map = json.unmarshal(annotation, Map.class);
    } catch (RuntimeException e) {
      // a hand-edited annotation must not stop reconciles: start over, the next flush rewrites it
      LOG.warn("ignoring unreadable throttle annotation {}: {}", annotation, e.toString());
      return out;
    }
    map.forEach((key, value) -> {
      ThrottleRecord record = entry(value);
      if (record != null) {
        out.put(String.valueOf(key), record);
      } else {
        // one bad entry costs only its own key (K7): that step may run once early
        LOG.warn("ignoring unreadable throttle entry {} = {}", key, value);
      }
    });
    return out;
  }

  /** Returns the record an annotation entry holds, or {@code null} when it is not one. */
  private static ThrottleRecord entry(Object value) {
    if (!(value instanceof Map<?, ?> times)) {
      return null;
    }
    try {
      ThrottleRecord r = new ThrottleRecord(time(times.get(LAST_START)), time(times.get(LAST_SUCCESS)));
      return r.lastStart() == null && r.lastSuccess() == null ? null : r;
    } catch (RuntimeException e) {
      return null;
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
