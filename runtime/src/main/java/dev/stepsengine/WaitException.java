package dev.stepsengine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by a step to stop the run and be run again after a delay (SEMANTICS R7c): the state is
 * written pending with reason {@code Waiting}; no onFail is called. With no duration the reconcile
 * policy's default wait (3 s) applies.
 */
public class WaitException extends StepsException {
  /** How long to wait before the step runs again. */
  private final Duration duration;

  private WaitException(String message, Duration duration, Throwable cause) {
    super(message, cause);
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("wait duration must be positive: " + duration);
    }
    this.duration = duration;
  }

  /**
   * Asks to wait {@code duration}; {@code message} is written to the state.
   *
   * @param duration the duration
   * @param message the detail message
   * @return asks to wait {@code duration}
   */
  public static WaitException after(Duration duration, String message) {
    return new WaitException(Objects.requireNonNull(message, "message"), Objects.requireNonNull(duration, "duration"),
        null);
  }

  /**
   * Asks to wait {@code duration} because of {@code cause}; the message is the cause's.
   *
   * @param duration the duration
   * @param cause the exception that caused this one
   * @return asks to wait {@code duration} because of {@code cause}
   */
  public static WaitException after(Duration duration, Throwable cause) {
    Objects.requireNonNull(duration, "duration");
    return new WaitException(StepFailedException.describe(Objects.requireNonNull(cause, "cause")), duration, cause);
  }

  /**
   * Asks to wait the policy's default duration; {@code message} is written to the state.
   *
   * @param message the detail message
   * @return asks to wait the policy's default duration
   */
  public static WaitException of(String message) {
    return new WaitException(Objects.requireNonNull(message, "message"), null, null);
  }

  /**
   * Returns the requested wait, when one was given.
   *
   * @return the requested wait, when one was given
   */
  public Optional<Duration> duration() {
    return Optional.ofNullable(duration);
  }
}
