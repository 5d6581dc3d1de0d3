package dev.stepsengine.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Throttle settings of a {@link Step}: run at most once per {@link #every()}. Durations are written
 * as {@code 500ms}, {@code 5s}, {@code 5m}, {@code 1h}, {@code 2d} or combinations such as
 * {@code 1h30m}, and are checked at compile time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Throttle {

  /**
   * The interval, such as {@code "5m"}; must be positive. Required unless {@link #everyMethod()} is set.
   *
   * @return the interval, such as {@code "5m"}
   */
  String every() default "";

  /**
   * Name of a method {@code java.time.Duration name()} of the pipeline class that returns the
   * interval, called when the generated {@code steps(target)} builds the steps; instead of
   * {@link #every()}.
   *
   * @return the name of a method {@code java.time.Duration name()} of the pipeline class that returns the interval, called when the generated {@code steps(target)} builds the steps
   */
  String everyMethod() default "";

  /**
   * Measures the interval from the last success instead of the last start.
   *
   * @return whether to measure the interval from the last success instead of the last start
   */
  boolean ensureSuccess() default false;

  /**
   * Throttle key instead of the step name; empty = the step name.
   *
   * @return the throttle key instead of the step name
   */
  String key() default "";
}
