package dev.stepsengine.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A runtime-retained step annotation, read by {@link ReflectiveRunner}: what a library that
 * discovers steps at run time needs (the project's own {@code @Step} is not retained at run time).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ReflectiveStep {
  /** Returns the position of the step in its pipeline; steps run in ascending order. */
  int order();
}
