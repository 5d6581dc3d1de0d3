package dev.stepsengine;

import java.time.Clock;
import java.time.Instant;

/**
 * Runs a task when the engine clock reaches an instant: how step timeouts (SEMANTICS R16) fire. A
 * {@link Clock} given to the engine that also implements this interface (such as
 * {@code dev.stepsengine.testing.ManualClock} in steps-testing) fires the tasks itself when it is moved forward,
 * so tests never wait; for any other clock the engine uses one shared daemon timer thread.
 */
public interface Alarms {

  /**
   * Runs {@code task} once, as soon as the clock reaches {@code at}.
   *
   * @param at when to run the task, on the engine clock
   * @param task what to run; it must be quick and must not throw
   * @return a handle that cancels the task if it has not run yet
   */
  Alarm schedule(Instant at, Runnable task);

  /** A scheduled task. */
  @FunctionalInterface
  interface Alarm {
    /** Cancels the task; does nothing when it ran already. */
    void cancel();
  }
}
