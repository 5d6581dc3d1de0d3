package dev.stepsengine.throttling;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

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
  public ThrottleRecord update(String key, UnaryOperator<ThrottleRecord> change) {
    return records.compute(key, (k, old) -> change.apply(old != null ? old : new ThrottleRecord(null, null)));
  }

  @Override
  public void remove(String key) {
    records.remove(key);
  }
}
