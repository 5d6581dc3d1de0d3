package dev.stepsengine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link Alarms} for a clock that moves by itself: one shared daemon timer thread, started on first use. */
final class SystemAlarms implements Alarms {
  private final Clock clock;

  private SystemAlarms(Clock clock) {
    this.clock = clock;
  }

  /** Returns the alarms of {@code clock}: the clock itself when it implements {@link Alarms}. */
  static Alarms on(Clock clock) {
    return clock instanceof Alarms alarms ? alarms : new SystemAlarms(clock);
  }

  @Override
  public Alarm schedule(Instant at, Runnable task) {
    long nanos = Math.max(0, Duration.between(clock.instant(), at).toNanos());
    ScheduledFuture<?> f = Timer.INSTANCE.schedule(task, nanos, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  private static final class Timer {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "steps-timeouts");
        t.setDaemon(true);
        return t;
      });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }
}
