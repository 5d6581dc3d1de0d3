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
 * The {@link ThrottleStore} a {@link ConditionsStateKeeper} keeps on its object: in its own status
 * field, written with the conditions (K13), or in an annotation (K7). Changes are buffered and
 * sent by the keeper's flush, under the keeper's lock. Each key maps to
 * {@code {"lastStart": time, "lastSuccess": time}}.
 */
final class KeeperThrottleStore implements ThrottleStore {
  private static final Logger LOG = LoggerFactory.getLogger(KeeperThrottleStore.class);
  private static final String LAST_START = "lastStart";
  private static final String LAST_SUCCESS = "lastSuccess";

  private final Object lock;
  final OwnedEntries<ThrottleRecord> entries;

  KeeperThrottleStore(Object lock, Map<String, ThrottleRecord> stored) {
    this.lock = lock;
    this.entries = new OwnedEntries<>(stored);
  }

  @Override
  public Optional<ThrottleRecord> get(String key) {
    synchronized (lock) {
      return Optional.ofNullable(entries.get(key));
    }
  }

  @Override
  public void put(String key, ThrottleRecord record) {
    synchronized (lock) {
      entries.put(key, record);
    }
  }

  @Override
  public void remove(String key) {
    synchronized (lock) {
      entries.remove(key);
    }
  }

  /** Returns the stored form of every record: key to start and success times. */
  static Map<String, Object> encode(Map<String, ThrottleRecord> records) {
    Map<String, Object> out = new LinkedHashMap<>();
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
    return out;
  }

  /** Reads the annotation of K7; an unreadable one reads as empty, with a warning. */
  static Map<String, ThrottleRecord> decodeAnnotation(String annotation, KubernetesSerialization json) {
    if (annotation == null || annotation.isBlank()) {
      return new TreeMap<>();
    }
    try {
      return decode(json.unmarshal(annotation, Map.class));
    } catch (RuntimeException e) {
      // a hand-edited annotation must not stop reconciles: start over, the next flush rewrites it
      LOG.warn("ignoring unreadable throttle annotation {}: {}", annotation, e.toString());
      return new TreeMap<>();
    }
  }

  /** Reads stored records; one bad entry costs only its own key (K7): that step may run once early. */
  static Map<String, ThrottleRecord> decode(Object stored) {
    Map<String, ThrottleRecord> out = new TreeMap<>();
    if (stored instanceof Map<?, ?> map) {
      map.forEach((key, value) -> {
        ThrottleRecord record = entry(value);
        if (record != null) {
          out.put(String.valueOf(key), record);
        } else {
          LOG.warn("ignoring unreadable throttle entry {} = {}", key, value);
        }
      });
    }
    return out;
  }

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
  static Patch annotationPatch(ResourceSnapshot<?> snapshot, String name, String value) {
    Map<String, Object> lock = StatusPatch.lockOn(snapshot);
    if (snapshot.annotations().isEmpty()) {
      return Patch.json(List.of(lock, StatusPatch.op("add", "/metadata/annotations", Map.of(name, value))));
    }
    return Patch.json(List.of(lock, StatusPatch.op("add", "/metadata/annotations/" + StatusPatch.escape(name), value)));
  }
}
