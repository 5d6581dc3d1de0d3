package dev.stepsengine.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method of a {@link Pipeline} class as a step. Steps run in ascending {@link #order()};
 * steps with the same order and the same {@link #parallel()} group run concurrently.
 *
 * <p>A step method takes no parameter or one {@code dev.stepsengine.StepContext}, and returns
 * {@code void} (a simple step), {@code List<dev.stepsengine.PipelineStep>} (a dynamic step: the method is
 * called on every run and the returned steps run as a group), or an instance of another
 * {@link Pipeline} class (a group: that pipeline's steps run as one nested step; the method is
 * called once, when the generated {@code steps(target)} builds the list).
 *
 * <p>Repeatable: a method annotated several times is several steps, each with its own name, order,
 * state, throttle and so on (such as a step tracked by a state, and the same method again as a
 * throttled periodic refresh); give each its own {@link #name()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Repeatable(Step.List.class)
public @interface Step {

  /**
   * Position in the pipeline; unique per pipeline, except for the steps of one parallel group.
   *
   * @return the position in the pipeline
   */
  int order();

  /**
   * State name the step's state is stored under (a Kubernetes condition type); empty = no state tracking.
   *
   * @return the state name the step's state is stored under (a Kubernetes condition type)
   */
  String state() default "";

  /**
   * Reason written when the step succeeds (needs {@link #state()}); empty = {@code Success}.
   *
   * @return the reason written when the step succeeds (needs {@link #state()})
   */
  String reason() default "";

  /**
   * Message written when the step succeeds (needs {@link #state()}); empty = {@code Completed successfully}.
   *
   * @return the message written when the step succeeds (needs {@link #state()})
   */
  String message() default "";

  /**
   * Step name; empty = the method name.
   *
   * @return the step name
   */
  String name() default "";

  /**
   * Names of predicate methods ({@code boolean name()} or {@code boolean name(StepContext)}), evaluated in order.
   *
   * @return the names of predicate methods ({@code boolean name()} or {@code boolean name(StepContext)}), evaluated in order
   */
  String[] when() default {};

  /**
   * Stops the run when a {@link #when()} predicate is false, instead of skipping the step.
   *
   * @return whether to stop the run when a {@link #when()} predicate is false, instead of skipping the step
   */
  boolean abortOnPredicatesFalse() default false;

  /**
   * Runs the step even when its stored state is already succeeded.
   *
   * @return whether to run the step even when its stored state is already succeeded
   */
  boolean skipStateCheck() default false;

  /**
   * Lets the run go on when the step fails.
   *
   * @return whether to let the run go on when the step fails
   */
  boolean continueOnError() default false;

  /**
   * Ends the run (or the enclosing group) successfully after this step succeeds.
   *
   * @return whether to end the run (or the enclosing group) successfully after this step succeeds
   */
  boolean finishOnSuccess() default false;

  /**
   * Name of a method called when the step fails: {@code void name(String step, Exception e)} or
   * {@code void name(StepContext ctx, String step, Exception e)}; empty = none.
   *
   * @return the name of a method called when the step fails
   */
  String onFail() default "";

  /**
   * Throttle settings; at most one element, none = not throttled.
   *
   * @return the throttle settings
   */
  Throttle[] throttle() default {};

  /**
   * In-process retry settings; at most one element, none = one attempt.
   *
   * @return the in-process retry settings
   */
  Retry[] retry() default {};

  /**
   * Name of the parallel group the step belongs to (see {@link Parallel}); empty = none.
   *
   * @return the name of the parallel group the step belongs to (see {@link Parallel})
   */
  String parallel() default "";

  /**
   * Longest time one attempt may take, in the syntax of {@link Throttle#every()} ({@code "30s"});
   * an attempt that runs longer is interrupted and fails with a timeout. Empty = no timeout.
   *
   * @return the timeout
   */
  String timeout() default "";

  /**
   * Keeps the step's succeeded state when the spec changes (a stale success is re-recorded as current
   * instead of running the step again). Needs {@link #state()}.
   *
   * @return whether the state survives spec changes
   */
  boolean keepAcrossSpecChanges() default false;

  /**
   * Names of the outputs the step saves with {@code StepContext.saveOutput(name, value)}; they are
   * stored with its succeeded state and read by later steps. Needs {@link #state()}; empty = none.
   *
   * @return the output names
   */
  String[] outputs() default {};

  /**
   * For a method that returns another {@link Pipeline} instance: splices that pipeline's steps into
   * this one at this step's {@link #order()}, as steps of this pipeline, instead of running them as
   * one named group. Such a step takes no other attribute than {@code order}.
   *
   * @return whether the returned pipeline is inlined
   */
  boolean inline() default false;

  /** Holds repeated {@link Step} annotations: the same method as several steps. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target(ElementType.METHOD)
  @interface List {
    /**
     * The repeated annotations.
     *
     * @return the steps, in the order written
     */
    Step[] value();
  }
}
