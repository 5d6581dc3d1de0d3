package dev.stepsengine;

import java.time.Duration;

/**
 * Thrown by a keeper that holds leases when asked to write {@link StepStatus#RUNNING} for a step
 * whose lease another live worker holds (SEMANTICS R5, J3). The engine records outcome
 * {@link StepOutcome#HELD_ELSEWHERE} and stops the run as a wait of {@link #remaining()}.
 */
public class StepHeldElsewhereException extends StepsException {
  /** Who holds the step's lease. */
  private final String holder;
  /** How long the lease is still held. */
  private final Duration remaining;

  /**
   * Creates the exception: {@code holder} owns the lease of {@code stateName} for {@code remaining} more.
   *
   * @param stateName the state's name
   * @param holder the holder
   * @param remaining how long the lease is still held
   */
  public StepHeldElsewhereException(String stateName, String holder, Duration remaining) {
    super("state '" + stateName + "' is held by " + holder + " for " + remaining);
    this.holder = holder;
    this.remaining = remaining;
  }

  /**
   * Returns the id of the worker that holds the lease.
   *
   * @return the id of the worker that holds the lease
   */
  public String holder() {
    return holder;
  }

  /**
   * Returns how long the lease still runs.
   *
   * @return how long the lease still runs
   */
  public Duration remaining() {
    return remaining;
  }
}
