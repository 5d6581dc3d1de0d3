package dev.stepsengine;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Thrown by a step whose failure is worth retrying after a delay. With a {@link RetryPolicy}, the
 * engine sleeps {@code retryAfter} (when it is within the policy's maximum backoff) and tries again;
 * a longer delay becomes a wait (SEMANTICS R6, R7c). Without one it is a failure, and the reconcile
 * mapping requeues after {@code retryAfter} (R13).
 */
public class RetryableException extends StepsException {
  /** How long to wait before the next attempt; null for the policy's backoff. */
  private final Duration retryAfter;

  private RetryableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /**
   * Asks for a retry after {@code retryAfter}.
   *
   * @param retryAfter how long to wait before the next attempt
   * @param message the detail message
   * @return asks for a retry after {@code retryAfter}
   */
  public static RetryableException after(Duration retryAfter, String message) {
    return new RetryableException(Objects.requireNonNull(message, "message"),
        Objects.requireNonNull(retryAfter, "retryAfter"), null);
  }

  /**
   * Asks for a retry after {@code retryAfter} because of {@code cause}.
   *
   * @param retryAfter how long to wait before the next attempt
   * @param cause the exception that caused this one
   * @return asks for a retry after {@code retryAfter} because of {@code cause}
   */
  public static RetryableException after(Duration retryAfter, Throwable cause) {
    Objects.requireNonNull(retryAfter, "retryAfter");
    return new RetryableException(StepFailedException.describe(Objects.requireNonNull(cause, "cause")), retryAfter,
        cause);
  }

  /**
   * Asks for a retry with the policy's own backoff.
   *
   * @param cause the exception that caused this one
   * @return asks for a retry with the policy's own backoff
   */
  public static RetryableException of(Throwable cause) {
    return new RetryableException(StepFailedException.describe(Objects.requireNonNull(cause, "cause")), null, cause);
  }

  /**
   * Returns the requested delay, when one was given.
   *
   * @return the requested delay, when one was given
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
