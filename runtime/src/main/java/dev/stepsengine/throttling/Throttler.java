package dev.stepsengine.throttling;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decides whether a throttled step may run now (SEMANTICS R4), over a {@link ThrottleStore}. A key
 * never seen runs at once. The engine always has one: in memory unless configured.
 */
public final class Throttler {
  private final ThrottleStore store;

  private Throttler(ThrottleStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Returns a throttler over a new {@link InMemoryThrottleStore}.
   *
   * @return a throttler over a new {@link InMemoryThrottleStore}
   */
  public static Throttler inMemory() {
    return new Throttler(new InMemoryThrottleStore());
  }

  /**
   * Returns a throttler over {@code store}, such as a keeper's persistent store.
   *
   * @param store the store
   * @return a throttler over {@code store}, such as a keeper's persistent store
   */
  public static Throttler using(ThrottleStore store) {
    return new Throttler(store);
  }

  /**
   * Returns the store.
   *
   * @return the store
   */
  public ThrottleStore store() {
    return store;
  }

  /**
   * Returns whether the step under {@code key} may run at {@code now}: true when the recorded time
   * (last success with {@code ensureSuccess}, else last start) is at least the interval ago.
   *
   * @param key the throttle key
   * @param settings the settings
   * @param now the current time on the engine clock
   * @return whether the step under {@code key} may run at {@code now}
   */
  public boolean shouldRun(String key, Throttle settings, Instant now) {
    return remaining(key, settings, now).isEmpty();
  }

  /**
   * Returns how long the step under {@code key} is still throttled at {@code now}; empty when it may run.
   *
   * @param key the throttle key
   * @param settings the settings
   * @param now the current time on the engine clock
   * @return how long the step under {@code key} is still throttled at {@code now}
   */
  public Optional<Duration> remaining(String key, Throttle settings, Instant now) {
    Optional<ThrottleRecord> record = store.get(key);
    if (record.isEmpty()) {
      return Optional.empty();
    }
    Instant last = settings.isEnsureSuccess() ? record.get().lastSuccess() : record.get().lastStart();
    if (last == null) {
      return Optional.empty();
    }
    Duration interval = settings.interval();
    long jitterNanos = settings.jitterBound().toNanos();
    if (jitterNanos > 0) {
      interval = interval.plusNanos(ThreadLocalRandom.current().nextLong(jitterNanos));
    }
    Instant next = last.plus(interval);
    return now.isBefore(next) ? Optional.of(Duration.between(now, next)) : Optional.empty();
  }

  /**
   * Records that the step under {@code key} started at {@code now}.
   *
   * @param key the throttle key
   * @param now the current time on the engine clock
   */
  public void recordRun(String key, Instant now) {
    store.update(key, r -> r.withLastStart(now));
  }

  /**
   * Records that the step under {@code key} succeeded at {@code now}.
   *
   * @param key the throttle key
   * @param now the current time on the engine clock
   */
  public void recordSuccess(String key, Instant now) {
    store.update(key, r -> r.withLastSuccess(now));
  }

  /**
   * Forgets {@code key}: the step runs at the next chance.
   *
   * @param key the throttle key
   */
  public void reset(String key) {
    store.remove(key);
  }
}
