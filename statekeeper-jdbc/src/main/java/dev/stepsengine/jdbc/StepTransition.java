package dev.stepsengine.jdbc;

import dev.stepsengine.StepStatus;
import java.time.Instant;

/**
 * One row of the transition history (SEMANTICS J6): who moved which state from what to what, when,
 * and why. Written in the same transaction as the state itself, so the history never misses or
 * repeats a transition.
 *
 * @param executionId the execution
 * @param stateName the state name
 * @param from the status before the write ({@link StepStatus#PENDING} for a state never written)
 * @param to the status written
 * @param reason the reason written
 * @param message the message written
 * @param owner the id of the worker that wrote it
 * @param at when it was written (the writer's clock)
 * @param version the state's version after the write
 * @param attempt the attempt of the step it records, from 1: a {@code RUNNING} row with reason
 *     {@value JdbcStateKeeper#REASON_RETRYING} records that this attempt failed and the engine
 *     retries (SEMANTICS J6); the final state's row carries the attempt that ended the step
 */
public record StepTransition(String executionId, String stateName, StepStatus from, StepStatus to, String reason,
    String message, String owner, Instant at, long version, int attempt) {

  @Override
  public String toString() {
    return stateName + ": " + from + " -> " + to + " by " + owner + " at " + at
        + (reason.isEmpty() ? "" : " (" + reason + ")") + (attempt > 1 ? ", attempt " + attempt : "");
  }
}
