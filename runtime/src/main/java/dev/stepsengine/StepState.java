package dev.stepsengine;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored state of one step: what a {@link StateKeeper} reads and writes.
 *
 * @param name the state name (for Kubernetes, the condition type)
 * @param status the status
 * @param reason a short machine-readable reason, such as {@code Success} or {@code Error}; may be empty
 * @param message a human-readable message; may be empty
 * @param updatedAt when the state was last written, or {@code null} when it never was
 */
public record StepState(String name, StepStatus status, String reason, String message, Instant updatedAt) {

  /** Reason written with {@link StepStatus#SUCCEEDED} when the step's {@link State} gives none. */
  public static final String DEFAULT_SUCCESS_REASON = "Success";
  /** Message written with {@link StepStatus#SUCCEEDED} when the step's {@link State} gives none. */
  public static final String DEFAULT_SUCCESS_MESSAGE = "Completed successfully";
  /** Reason written with {@link StepStatus#FAILED} (SEMANTICS R7d). */
  public static final String REASON_ERROR = "Error";
  /** Reason written with {@link StepStatus#PENDING} when a step waits (SEMANTICS R7c). */
  public static final String REASON_WAITING = "Waiting";
  /** Reason written with {@link StepStatus#PENDING} after an expected error (SEMANTICS R7b). */
  public static final String REASON_EXPECTED = "Expected";
  /** Reason written with {@link StepStatus#PENDING} when a running step was cancelled (SEMANTICS R7f). */
  public static final String REASON_CANCELLED = "Cancelled";
  /** Reason written with {@link StepStatus#PENDING} when a nested step aborted a group that was running (SEMANTICS R3). */
  public static final String REASON_ABORTED = "Aborted";
  /** Reason written with {@link StepStatus#RUNNING}. */
  public static final String REASON_IN_PROGRESS = "InProgress";

  /** Validates the components; {@code reason} and {@code message} default to the empty string. */
  public StepState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
  }

  /** Returns the pending state of {@code name} with no reason, message or time: what keepers return for unknown states. */
  public static StepState pending(String name) {
    return new StepState(name, StepStatus.PENDING, "", "", null);
  }

  /** Returns a state of the given status, reason and message written at {@code at}. */
  public static StepState of(String name, StepStatus status, String reason, String message, Instant at) {
    return new StepState(name, status, reason, message, at);
  }

  /** Returns whether the status is {@link StepStatus#SUCCEEDED}. */
  public boolean isSucceeded() {
    return status == StepStatus.SUCCEEDED;
  }

  /** Returns whether status, reason and message equal {@code other}'s (the time is ignored). */
  public boolean sameAs(StepState other) {
    return other != null
        && status == other.status
        && name.equals(other.name)
        && reason.equals(other.reason)
        && message.equals(other.message);
  }
}
