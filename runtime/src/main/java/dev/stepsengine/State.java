package dev.stepsengine;

import java.util.Objects;
import java.util.Optional;

/**
 * State tracking of a step: the state name under which a {@link StateKeeper} stores it, and the
 * reason and message written when the step succeeds.
 *
 * <p>Names are checked when the value is built ({@link StepNames#checkStateName}), so a bad name
 * fails fast with a message naming the rule.
 */
public final class State {
  private final String name;
  private final String reason;
  private final String message;
  private final boolean keepAcrossSpecChanges;

  private State(String name, String reason, String message, boolean keepAcrossSpecChanges) {
    this.name = StepNames.checkStateName(name);
    this.reason = reason == null ? null : StepNames.checkReason(reason);
    this.message = message;
    this.keepAcrossSpecChanges = keepAcrossSpecChanges;
  }

  /**
   * Returns state tracking under {@code name}, with the default success reason and message.
   *
   * @param name the state name (for Kubernetes, the condition type); checked at once
   * @return the state tracking
   * @throws IllegalArgumentException when the name breaks the naming rule (SEMANTICS V3)
   */
  public static State of(String name) {
    return new State(Objects.requireNonNull(name, "name"), null, null, false);
  }

  /**
   * Returns a copy that writes {@code reason} on success (SEMANTICS R7a).
   *
   * @param reason the success reason; checked at once (SEMANTICS V3)
   * @return the copy
   */
  public State withReason(String reason) {
    return new State(name, Objects.requireNonNull(reason, "reason"), message, keepAcrossSpecChanges);
  }

  /**
   * Returns a copy that writes {@code message} on success (SEMANTICS R7a).
   *
   * @param message the success message
   * @return the copy
   */
  public State withMessage(String message) {
    return new State(name, reason, Objects.requireNonNull(message, "message"), keepAcrossSpecChanges);
  }

  /**
   * Returns a copy whose success survives spec changes (SEMANTICS K9): when the keeper reports the
   * stored {@code SUCCEEDED} state as stale, the step is still skipped and its state is marked
   * current again. For one-time steps, such as creating an admin user.
   *
   * @return the copy
   */
  public State keepAcrossSpecChanges() {
    return new State(name, reason, message, true);
  }

  /**
   * Returns whether a stale success still counts (SEMANTICS K9).
   *
   * @return whether the step's success is kept across spec changes
   */
  public boolean keepsAcrossSpecChanges() {
    return keepAcrossSpecChanges;
  }

  /**
   * Returns the state name.
   *
   * @return the state name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the reason written on success, when one was given.
   *
   * @return the reason written on success, when one was given
   */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /**
   * Returns the message written on success, when one was given.
   *
   * @return the message written on success, when one was given
   */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /**
   * Returns the reason written on success: the given one or {@value StepState#DEFAULT_SUCCESS_REASON}.
   *
   * @return the reason written on success
   */
  public String successReason() {
    return reason == null ? StepState.DEFAULT_SUCCESS_REASON : reason;
  }

  /**
   * Returns the message written on success: the given one or {@value StepState#DEFAULT_SUCCESS_MESSAGE}.
   *
   * @return the message written on success
   */
  public String successMessage() {
    return message == null ? StepState.DEFAULT_SUCCESS_MESSAGE : message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof State s
        && name.equals(s.name)
        && Objects.equals(reason, s.reason)
        && Objects.equals(message, s.message)
        && keepAcrossSpecChanges == s.keepAcrossSpecChanges;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, reason, message, keepAcrossSpecChanges);
  }

  @Override
  public String toString() {
    return "State[" + name + (reason == null ? "" : ", reason=" + reason)
        + (keepAcrossSpecChanges ? ", keepAcrossSpecChanges" : "") + "]";
  }
}
