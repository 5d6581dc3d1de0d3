package dev.stepsengine.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * In-process retries of a {@link Step}: at most {@link #maxAttempts()} attempts, with a backoff that
 * starts at {@link #backoff()} and grows by {@link #multiplier()} up to {@link #maxBackoff()}.
 * Durations use the syntax of {@link Throttle#every()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Retry {

  /**
   * Maximum number of attempts, at least 1.
   *
   * @return the maximum number of attempts, at least 1
   */
  int maxAttempts() default 3;

  /**
   * Backoff before the second attempt.
   *
   * @return the backoff before the second attempt
   */
  String backoff() default "1s";

  /**
   * Factor applied to the backoff after each attempt, at least 1.
   *
   * @return the factor applied to the backoff after each attempt, at least 1
   */
  double multiplier() default 2.0;

  /**
   * Longest backoff; not shorter than {@link #backoff()}.
   *
   * @return the longest backoff
   */
  String maxBackoff() default "30s";
}
