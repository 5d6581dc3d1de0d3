package dev.stepsengine.throttling;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link ThrottleStore} in a map; forgets everything when the process ends. */
public final class InMemoryThrottleStore implements ThrottleStore {
  private final ConcurrentHashMap<String, ThrottleRecord> records = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryThrottleStore() {}

  @Override
  public Optional<ThrottleRecord> get(String key) {
    return Optional.ofNullable(records.get(key));
  }

  @Override
  public void put(String key, ThrottleRecord record) {
    records.put(key, record);
  }

  @Override
  public void remove(String key) {
    records.remove(key);
  }
}
