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

  /** Returns a condition without status: in the keeper's buffer it removes condition {@code type} (K11). */
  static Condition removal(String type) {
    Condition c = new Condition();
    c.setType(type);
    return c;
  }

  /**
   * Reads a condition time. The API server writes {@code yyyy-MM-ddTHH:mm:ssZ}, read here without
   * a parser (one read per tracked step per reconcile); other forms go through {@link Instant#parse}.
   */
  static Instant parseTime(String time) {
    if (time == null || time.isEmpty()) {
      return null;
    }
    if (time.length() == 20 && time.charAt(4) == '-' && time.charAt(7) == '-' && time.charAt(10) == 'T'
        && time.charAt(13) == ':' && time.charAt(16) == ':' && time.charAt(19) == 'Z') {
      int year = digits(time, 0, 4);
      int month = digits(time, 5, 2);
      int day = digits(time, 8, 2);
      int hour = digits(time, 11, 2);
      int minute = digits(time, 14, 2);
      int second = digits(time, 17, 2);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour >= 0 && hour < 24
          && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
      }
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Returns the number of {@code length} decimal digits at {@code from}, or -1. */
  private static int digits(String s, int from, int length) {
    int n = 0;
    for (int i = from; i < from + length; i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      n = n * 10 + (ch - '0');
    }
    return n;
  }
}
