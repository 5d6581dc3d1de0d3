package dev.stepsengine.k8s;

import dev.stepsengine.StepNames;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Turns step states into conditions and back (SEMANTICS K1) and applies the API's limits (K3). */
final class ConditionMapping {
  /** Longest condition message the Kubernetes API accepts. */
  static final int MAX_MESSAGE_LENGTH = 32768;
  static final String TRUE = "True";
  static final String FALSE = "False";
  static final String UNKNOWN = "Unknown";
  /** Reason of a pending state that carries none. */
  static final String REASON_PENDING = "Pending";

  private ConditionMapping() {}

  /**
   * Returns the condition that records {@code state}, without transition time and generation, or
   * {@code null} when the state is not written ({@code RUNNING} without running-state tracking).
   *
   * @throws IllegalArgumentException when the type or reason breaks the Kubernetes rules (K3)
   */
  static Condition toCondition(StepState state, boolean trackRunning) {
    String problem = StepNames.stateNameProblem(state.name());
    if (problem != null) {
      throw new IllegalArgumentException("K3: condition type rejected: " + problem);
    }
    String status;
    String reason;
    switch (state.status()) {
      case SUCCEEDED -> {
        status = TRUE;
        reason = state.reason().isEmpty() ? StepState.DEFAULT_SUCCESS_REASON : state.reason();
      }
      case FAILED -> {
        status = FALSE;
        reason = StepState.REASON_ERROR;
      }
      case RUNNING -> {
        if (!trackRunning) {
          return null;
        }
        status = UNKNOWN;
        reason = StepState.REASON_IN_PROGRESS;
      }
      case PENDING -> {
        status = UNKNOWN;
        reason = state.reason().isEmpty() ? REASON_PENDING : state.reason();
      }
      default -> throw new IllegalStateException("unknown status " + state.status());
    }
    problem = StepNames.reasonProblem(reason);
    if (problem != null) {
      throw new IllegalArgumentException("K3: reason of condition '" + state.name() + "' rejected: " + problem);
    }
    Condition c = new Condition();
    c.setType(state.name());
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(truncate(state.message()));
    return c;
  }

  /** Reads a condition back as a step state; {@code null} reads as pending (K1). */
  static StepState toStepState(String type, Condition c) {
    if (c == null) {
      return StepState.pending(type);
    }
    String reason = Objects.requireNonNullElse(c.getReason(), "");
    StepStatus status;
    if (TRUE.equals(c.getStatus())) {
      status = StepStatus.SUCCEEDED;
    } else if (FALSE.equals(c.getStatus())) {
      status = StepStatus.FAILED;
    } else if (UNKNOWN.equals(c.getStatus()) && StepState.REASON_IN_PROGRESS.equals(reason)) {
      status = StepStatus.RUNNING;
    } else {
      status = StepStatus.PENDING;
    }
    return new StepState(type, status, reason, c.getMessage(), parseTime(c.getLastTransitionTime()));
  }

  /** Cuts {@code message} to {@value #MAX_MESSAGE_LENGTH} characters, ending with a marker that says how much was cut (K3). */
  static String truncate(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
      return message;
    }
    String marker = "... [truncated " + message.length() + " characters to " + MAX_MESSAGE_LENGTH + "]";
    int keep = MAX_MESSAGE_LENGTH - marker.length();
    if (Character.isHighSurrogate(message.charAt(keep - 1))) {
      keep--;
    }
    return message.substring(0, keep) + marker;
  }

  /** Returns whether two conditions say the same, transition time aside. */
  static boolean sameContent(Condition a, Condition b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getReason(), b.getReason())
        && Objects.equals(Objects.requireNonNullElse(a.getMessage(), ""), Objects.requireNonNullElse(b.getMessage(), ""))
        && Objects.equals(a.getObservedGeneration(), b.getObservedGeneration());
  }

  private static Instant parseTime(String time) {
    if (time == null || time.isEmpty()) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
