package dev.stepsengine;

/**
 * Hears about steps as a run goes, for progress output or custom metrics. Steps are named by
 * their path ({@code group/child}). Called on the thread that runs the step, so a listener of an
 * engine with parallel groups must be thread-safe; an exception it throws is logged and ignored.
 */
public interface StepListener {

  /**
   * Called just before a step that passed its checks starts running.
   *
   * @param path the step's path ({@code group/child})
   */
  default void stepStarted(String path) {}

  /**
   * Called when a step has an outcome, whether it ran or was skipped. The report has no
   * children; nested steps are reported on their own.
   *
   * @param report the step's report; {@link StepReport#path()} names the step
   */
  default void stepFinished(StepReport report) {}
}
