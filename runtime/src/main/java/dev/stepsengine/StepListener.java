package dev.stepsengine;

/**
 * Hears about steps as a run goes, for progress output or custom metrics. Steps are named by
 * their path ({@code group/child}). Called on the thread that runs the step, so a listener of an
 * engine with parallel groups must be thread-safe; an exception it throws is logged and ignored.
 */
public interface StepListener {

  /** Called just before a step that passed its checks starts running. */
  default void stepStarted(String path) {}

  /**
   * Called when a step has an outcome, whether it ran or was skipped. The report has no
   * children; nested steps are reported on their own.
   */
  default void stepFinished(String path, StepReport report) {}
}
