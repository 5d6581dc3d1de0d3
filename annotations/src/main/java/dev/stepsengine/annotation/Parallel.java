package dev.stepsengine.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Settings of a parallel group of a {@link Pipeline} class, named by {@link #name()} and joined by
 * steps with {@code @Step(parallel = "name")} and the same order. A group used by steps but not
 * declared here runs with the defaults: every child at once, no fail-fast.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@Repeatable(Parallel.List.class)
public @interface Parallel {

  /**
   * The group name, as used in {@link Step#parallel()}; it is also the group's step name.
   *
   * @return the group name, as used in {@link Step#parallel()}
   */
  String name();

  /**
   * Most children run at once; 0 = all of them.
   *
   * @return how many children run at once at most
   */
  int maxConcurrency() default 0;

  /**
   * Interrupts the children still running after the first failure that stops the group.
   *
   * @return whether to interrupt the children still running after the first failure that stops the group
   */
  boolean failFast() default false;

  /** Holds repeated {@link Parallel} annotations. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.TYPE)
  @interface List {
    /**
     * The repeated annotations.
     *
     * @return the repeated annotations
     */
    Parallel[] value();
  }
}
