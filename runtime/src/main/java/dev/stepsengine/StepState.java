package dev.stepsengine;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The stored state of one step: what a {@link StateKeeper} reads and writes.
 *
 * @param name the state name (for Kubernetes, the condition type)
 * @param status the status
 * @param reason a short machine-readable reason, such as {@code Success} or {@code Error}; may be empty
 * @param message a human-readable message; may be empty
 * @param updatedAt when the state was last written (for Kubernetes, the condition's
 *     {@code lastTransitionTime}), or {@code null} when it never was
 * @param outputs the named values the step saved with its {@code SUCCEEDED} state (SEMANTICS R18),
 *     sorted by name; empty for other states
 * @param stale whether the keeper says the state was recorded for an older version of its input,
 *     such as an older {@code metadata.generation} of a Kubernetes object (SEMANTICS K9): a stale
 *     {@code SUCCEEDED} state runs its step again unless the step's {@link State} keeps its result
 *     across spec changes
 */
public record StepState(String name, StepStatus status, String reason, String message, Instant updatedAt,
    Map<String, String> outputs, boolean stale) {

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

  /**
   * Validates the components; {@code reason} and {@code message} default to the empty string,
   * {@code outputs} to no outputs.
   *
   * @param name the name
   * @param status the status
   * @param reason the reason
   * @param message the detail message
   * @param updatedAt when the state was written
   * @param outputs the outputs
   * @param stale whether the keeper considers the state stale (SEMANTICS K9)
   */
  public StepState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(status, "status");
    reason = reason == null ? "" : reason;
    message = message == null ? "" : message;
    outputs = outputs == null || outputs.isEmpty() ? Map.of() : sortedCopy(outputs);
  }

  /**
   * Creates a current state without outputs.
   *
   * @param name the state name
   * @param status the status
   * @param reason the reason; {@code null} means empty
   * @param message the message; {@code null} means empty
   * @param updatedAt when the state was written, or {@code null}
   */
  public StepState(String name, StepStatus status, String reason, String message, Instant updatedAt) {
    this(name, status, reason, message, updatedAt, Map.of(), false);
  }

  /**
   * Returns the pending state of a state never written: what keepers return for unknown states.
   *
   * @param name the state name
   * @return a pending state with no reason, message, time or outputs
   */
  public static StepState pending(String name) {
    return new StepState(name, StepStatus.PENDING, "", "", null);
  }

  /**
   * Returns a current state without outputs.
   *
   * @param name the state name
   * @param status the status
   * @param reason the reason; {@code null} means empty
   * @param message the message; {@code null} means empty
   * @param at when the state was written, or {@code null}
   * @return the state
   */
  public static StepState of(String name, StepStatus status, String reason, String message, Instant at) {
    return new StepState(name, status, reason, message, at);
  }

  /**
   * Returns a copy with other outputs.
   *
   * @param outputs the outputs (SEMANTICS R18); copied
   * @return the copy
   */
  public StepState withOutputs(Map<String, String> outputs) {
    return new StepState(name, status, reason, message, updatedAt, outputs, stale);
  }

  /**
   * Returns a copy marked stale or current (SEMANTICS K9).
   *
   * @param stale whether the state was recorded for an older version of its input
   * @return the copy
   */
  public StepState withStale(boolean stale) {
    return stale == this.stale ? this : new StepState(name, status, reason, message, updatedAt, outputs, stale);
  }

  /**
   * Returns whether the status is {@link StepStatus#SUCCEEDED}.
   *
   * @return whether the step succeeded, stale or not
   */
  public boolean isSucceeded() {
    return status == StepStatus.SUCCEEDED;
  }

  /**
   * Returns whether this state says the same as {@code other}: status, reason, message, outputs and
   * staleness are equal (the time is ignored). The engine writes nothing when the state it would
   * write is the same as the stored one (SEMANTICS R7a).
   *
   * @param other the other state, may be {@code null}
   * @return whether both say the same
   */
  public boolean sameAs(StepState other) {
    return other != null
        && status == other.status
        && stale == other.stale
        && name.equals(other.name)
        && reason.equals(other.reason)
        && message.equals(other.message)
        && outputs.equals(other.outputs);
  }

  private static Map<String, String> sortedCopy(Map<String, String> outputs) {
    TreeMap<String, String> copy = new TreeMap<>();
    outputs.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "outputs key"),
        Objects.requireNonNull(v, () -> "outputs value of '" + k + "'")));
    return Collections.unmodifiableSortedMap(copy);
  }
}
