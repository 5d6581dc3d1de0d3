package dev.stepsengine.throttling;

import java.util.Optional;

/**
 * Where a {@link Throttler} keeps the last start and success time of each key. Implementations
 * must be thread-safe. The in-memory store forgets on restart; the state keeper modules provide
 * persistent ones (SEMANTICS R4, K7, J6).
 */
public interface ThrottleStore {
  /** Returns the record of {@code key}, or empty when the key was never seen (or was reset). */
  Optional<ThrottleRecord> get(String key);

  /** Stores {@code record} under {@code key}. */
  void put(String key, ThrottleRecord record);

  /** Forgets {@code key}. */
  void remove(String key);
}
