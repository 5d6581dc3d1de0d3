package dev.stepsengine.throttling;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where a {@link Throttler} keeps the last start and success time of each key. Implementations
 * must be thread-safe. The in-memory store forgets on restart; the state keeper modules provide
 * persistent ones (SEMANTICS R4, K7, J6).
 */
public interface ThrottleStore {
  /**
   * Returns the record of {@code key}, or empty when the key was never seen (or was reset).
   *
   * @param key the throttle key
   * @return the record of {@code key}, or empty when the key was never seen (or was reset)
   */
  Optional<ThrottleRecord> get(String key);

  /**
   * Stores {@code record} under {@code key}.
   *
   * @param key the throttle key
   * @param record the record
   */
  void put(String key, ThrottleRecord record);

  /**
   * Replaces the record of {@code key} with {@code change} applied to it (to an empty record when
   * there is none), and returns the result. The default reads, then writes; stores that can should
   * make it atomic, so concurrent runs do not lose each other's times.
   *
   * @param key the throttle key
   * @param change the change
   * @return the record as stored after the change
   */
  default ThrottleRecord update(String key, UnaryOperator<ThrottleRecord> change) {
    ThrottleRecord updated = change.apply(get(key).orElse(new ThrottleRecord(null, null)));
    put(key, updated);
    return updated;
  }

  /**
   * Forgets {@code key}.
   *
   * @param key the throttle key
   */
  void remove(String key);
}
