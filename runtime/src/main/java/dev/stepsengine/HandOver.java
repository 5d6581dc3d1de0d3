package dev.stepsengine;

/**
 * The lease of a step that was written together with the final state of the step before it
 * ({@link StateKeeper#handOver}): what the next step's lifecycle uses instead of its own R2 read
 * and R5 write. Made by the step that finished, used by the next one of the same sequence.
 */
final class HandOver {
  /** The next step's stored state, read before the hand-over (R2): not succeeded. */
  final StepState stored;
  /** The keeper's refusal of the lease (R5), or {@code null} when the next step holds it. */
  final StepHeldElsewhereException held;

  HandOver(StepState stored, StepHeldElsewhereException held) {
    this.stored = stored;
    this.held = held;
  }
}
