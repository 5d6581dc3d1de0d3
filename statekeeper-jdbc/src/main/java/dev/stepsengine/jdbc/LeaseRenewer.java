package dev.stepsengine.jdbc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that renews the leases of every keeper of the process while their steps
 * run (SEMANTICS J3). Created on first use.
 */
final class LeaseRenewer {
  private LeaseRenewer() {}

  private static final class Holder {
    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "steps-lease-renewer");
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code renewal} every {@code every} until the returned future is cancelled. */
  static ScheduledFuture<?> every(Duration every, Runnable renewal) {
    long millis = Math.max(1, every.toMillis());
    return Holder.SCHEDULER.scheduleWithFixedDelay(renewal, millis, millis, TimeUnit.MILLISECONDS);
  }
}
