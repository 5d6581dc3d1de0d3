package dev.stepsengine;

import java.time.Duration;
import java.time.Instant;

/**
 * The timeout of one attempt (SEMANTICS R16): when the engine clock reaches the attempt's end —
 * its timeout, bounded by the run deadline (R9) — the thread running the attempt is interrupted.
 * The interrupt is ours: {@link #stop()} clears it again.
 */
final class AttemptTimer implements Runnable {
  private final Thread thread;
  private final Duration timeout;
  /** Whether the run deadline, not the step's timeout, ends the attempt. */
  private final boolean byDeadline;
  private Alarms.Alarm alarm;
  private boolean done;
  private boolean fired;

  private AttemptTimer(Thread thread, Duration timeout, boolean byDeadline) {
    this.thread = thread;
    this.timeout = timeout;
    this.byDeadline = byDeadline;
  }

  /** Starts the timer of an attempt that begins now on the current thread. */
  static AttemptTimer start(Run run, Duration timeout) {
    Instant end = run.clock.instant().plus(timeout);
    Instant deadline = run.deadline;
    boolean byDeadline = deadline != null && deadline.isBefore(end);
    AttemptTimer timer = new AttemptTimer(Thread.currentThread(), timeout, byDeadline);
    Alarms.Alarm alarm = run.engine.alarms.schedule(byDeadline ? deadline : end, timer);
    synchronized (timer) {
      timer.alarm = alarm;
    }
    return timer;
  }

  @Override
  public synchronized void run() {
    // an interrupt from outside that came first stays the attempt's result: a cancellation (R7f)
    if (!done && !thread.isInterrupted()) {
      fired = true;
      thread.interrupt();
    }
  }

  /** Ends the attempt's timer; clears the interrupt when the timer fired. Call on the attempt's thread. */
  void stop() {
    Alarms.Alarm a;
    synchronized (this) {
      done = true;
      a = alarm;
    }
    if (a != null) {
      a.cancel();
    }
    if (fired) {
      Thread.interrupted();
    }
  }

  synchronized boolean fired() {
    return fired;
  }

  /**
   * Returns the attempt's failure after the timer fired, whatever the step returned: a
   * {@link StepTimeoutException}, or a cancellation when the run deadline came first (R9). What
   * stops a run whatever a step did — a keeper failure (R8) or an abort (R3) of a nested step —
   * is kept as it is.
   */
  Throwable failure(String step, Throwable stepFailure) {
    if (stepFailure instanceof StateKeeperException || stepFailure instanceof AbortedByPredicateException) {
      return stepFailure;
    }
    StepsException e = byDeadline
        ? new RunCancelledException("run deadline passed while step '" + step + "' ran", stepFailure)
        : new StepTimeoutException(step, timeout);
    if (!byDeadline && stepFailure != null) {
      e.initCause(stepFailure);
    }
    return e;
  }
}
