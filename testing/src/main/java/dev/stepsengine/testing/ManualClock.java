package dev.stepsengine.testing;

import dev.stepsengine.Alarms;
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
 * A clock that moves only when told, for tests: throttle intervals, retry backoff, deadlines,
 * leases and step timeouts run on it without sleeping. As a {@link Sleeper}, a retry's "sleep"
 * advances the clock at once and is recorded ({@link #sleeps()}); as {@link Alarms}, a step
 * timeout fires on the thread that moves the clock past it. Thread-safe.
 */
public final class ManualClock extends Clock implements Sleeper, Alarms {
  private final ZoneId zone;
  private final Object lock;
  private final List<Duration> sleeps;
  private final List<Scheduled> alarms;
  private Instant now;

  /** A task waiting for the clock to reach {@code at}. */
  private static final class Scheduled implements Alarm {
    final Instant at;
    final Runnable task;
    final List<Scheduled> owner;

    Scheduled(Instant at, Runnable task, List<Scheduled> owner) {
      this.at = at;
      this.task = task;
      this.owner = owner;
    }

    @Override
    public void cancel() {
      synchronized (owner) {
        owner.remove(this);
      }
    }
  }

  /**
   * Creates a clock at {@code start}, in UTC.
   *
   * @param start the clock's first time
   */
  public ManualClock(Instant start) {
    this(Objects.requireNonNull(start, "start"), ZoneOffset.UTC, new Object(), new ArrayList<>(), new ArrayList<>());
  }

  /** Creates a clock at 2026-01-01T00:00:00Z. */
  public ManualClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  private ManualClock(Instant now, ZoneId zone, Object lock, List<Duration> sleeps, List<Scheduled> alarms) {
    this.now = now;
    this.zone = zone;
    this.lock = lock;
    this.sleeps = sleeps;
    this.alarms = alarms;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    synchronized (lock) {
      return new ManualClock(now, zone, lock, sleeps, alarms);
    }
  }

  @Override
  public Instant instant() {
    synchronized (lock) {
      return now;
    }
  }

  /**
   * Moves the clock forward, then runs the alarms that became due, on this thread.
   *
   * @param duration how far to move; not negative
   */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a manual clock only moves forward: " + duration);
    }
    synchronized (lock) {
      now = now.plus(duration);
    }
    fireDue();
  }

  /**
   * Sets the clock, then runs the alarms that became due, on this thread.
   *
   * @param instant the new time
   */
  public void set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (lock) {
      now = instant;
    }
    fireDue();
  }

  /**
   * Advances the clock by {@code duration} and records the sleep; never blocks.
   *
   * @param duration how long the caller asks to sleep
   * @throws InterruptedException when the thread is interrupted before the sleep
   */
  @Override
  public void sleep(Duration duration) throws InterruptedException {
    Objects.requireNonNull(duration, "duration");
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before sleeping " + duration);
    }
    synchronized (lock) {
      sleeps.add(duration);
      now = now.plus(duration);
    }
    fireDue();
  }

  /**
   * Runs {@code task} when the clock is moved to {@code at} or later (at once when it is there already).
   *
   * @param at when to run the task
   * @param task what to run, on the thread that moves the clock
   * @return a handle that cancels the task
   */
  @Override
  public Alarm schedule(Instant at, Runnable task) {
    Scheduled s = new Scheduled(Objects.requireNonNull(at, "at"), Objects.requireNonNull(task, "task"), alarms);
    synchronized (alarms) {
      alarms.add(s);
    }
    fireDue();
    return s;
  }

  private void fireDue() {
    Instant t = instant();
    List<Scheduled> due = new ArrayList<>();
    synchronized (alarms) {
      for (var it = alarms.iterator(); it.hasNext(); ) {
        Scheduled s = it.next();
        if (!s.at.isAfter(t)) {
          due.add(s);
          it.remove();
        }
      }
    }
    due.forEach(s -> s.task.run());
  }

  /**
   * Returns the sleeps asked for so far, in order.
   *
   * @return the durations passed to {@link #sleep(Duration)}
   */
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
