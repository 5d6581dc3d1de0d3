package dev.stepsengine.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose {@link Step} methods form a pipeline. The processor generates
 * {@code <Class>Pipeline} (for a nested class {@code Outer_InnerPipeline}) in the same package, with
 * {@code steps(target)} and {@code engine(target)}. The class and its step methods must not be
 * private, so the generated code can call them directly.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Pipeline {

  /**
   * States this pipeline reads but does not write, such as another controller's condition: names a
   * {@code @Step(when = "state:Name")} condition may use besides the pipeline's own states. Each
   * must be a valid state name and not a state of the pipeline; empty = none.
   *
   * @return the external state names
   */
  String[] externalStates() default {};
}
