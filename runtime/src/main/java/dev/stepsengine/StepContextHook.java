package dev.stepsengine;

/**
 * Decorates the context of every step before it runs, for example to add step-local values
 * ({@link StepContext#with}). Nested groups inherit the engine's hook (SEMANTICS R1).
 */
@FunctionalInterface
public interface StepContextHook {
  /**
   * Returns the context the step will see; return {@code ctx} itself to change nothing.
   *
   * @param ctx the step's context
   * @return the context the step will see
   */
  StepContext decorate(StepContext ctx);
}
