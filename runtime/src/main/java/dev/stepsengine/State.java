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

  private State(String name, String reason, String message) {
    this.name = StepNames.checkStateName(name);
    this.reason = reason == null ? null : StepNames.checkReason(reason);
    this.message = message;
  }

  /** Returns state tracking under {@code name}, with the default success reason and message. */
  public static State of(String name) {
    return new State(name, null, null);
  }

  /** Returns a copy that writes {@code reason} on success (SEMANTICS R7a). */
  public State withReason(String reason) {
    return new State(name, Objects.requireNonNull(reason, "reason"), message);
  }

  /** Returns a copy that writes {@code message} on success (SEMANTICS R7a). */
  public State withMessage(String message) {
    return new State(name, reason, Objects.requireNonNull(message, "message"));
  }

  /** Returns the state name. */
  public String name() {
    return name;
  }

  /** Returns the reason written on success, when one was given. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Returns the message written on success, when one was given. */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** Returns the reason written on success: the given one or {@value StepState#DEFAULT_SUCCESS_REASON}. */
  public String successReason() {
    return reason == null ? StepState.DEFAULT_SUCCESS_REASON : reason;
  }

  /** Returns the message written on success: the given one or {@value StepState#DEFAULT_SUCCESS_MESSAGE}. */
  public String successMessage() {
    return message == null ? StepState.DEFAULT_SUCCESS_MESSAGE : message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof State s
        && name.equals(s.name)
        && Objects.equals(reason, s.reason)
        && Objects.equals(message, s.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, reason, message);
  }

  @Override
  public String toString() {
    return "State[" + name + (reason == null ? "" : ", reason=" + reason) + "]";
  }
}
