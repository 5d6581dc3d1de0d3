package dev.stepsengine.testing;

import dev.stepsengine.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A clock that moves only when told, for tests: throttle intervals, retry backoff, deadlines and
 * leases run on it without sleeping. As a {@link Sleeper}, a retry's "sleep" advances the clock at
 * once and is recorded ({@link #sleeps()}). Thread-safe.
 */
public final class ManualClock extends Clock implements Sleeper {
  private final ZoneId zone;
  private final Object lock;
  private final List<Duration> sleeps;
  private Instant now;

  /** Creates a clock at {@code start}, in UTC. */
  public ManualClock(Instant start) {
    this(Objects.requireNonNull(start, "start"), ZoneOffset.UTC, new Object(), new ArrayList<>());
  }

  /** Creates a clock at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  private ManualClock(Instant now, ZoneId zone, Object lock, List<Duration> sleeps) {
    this.now = now;
    this.zone = zone;
    this.lock = lock;
    this.sleeps = sleeps;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    synchronized (lock) {
      return new ManualClock(now, zone, lock, sleeps);
    }
  }

  @Override
  public Instant instant() {
    synchronized (lock) {
      return now;
    }
  }

  /** Moves the clock forward by {@code duration}. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward: " + duration);
    }
    synchronized (lock) {
      now = now.plus(duration);
    }
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    synchronized (lock) {
      now = Objects.requireNonNull(instant, "instant");
    }
  }

  /** Advances the clock by {@code duration} and records the sleep; never blocks. */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sleeping " + duration);
    }
    synchronized (lock) {
      sleeps.add(duration);
      now = now.plus(duration);
    }
  }

  /** Returns the sleeps asked for so far, in order. */
  public List<Duration> sleeps() {
    synchronized (lock) {
      return List.copyOf(sleeps);
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + instant() + "]";
  }
}
