package dev.stepsengine.k8s;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.Map;

/**
 * What a keeper's states read (SEMANTICS K1, K9, K10, R18): the object as last read or written with
 * the keeper's buffered changes on top, a {@code True} condition observed at an older generation
 * read as a stale success, and a success's saved outputs.
 *
 * <p>Not thread-safe: the keeper calls it under its lock.
 */
final class StateView {
  private final StatusWriter<?> writer;
  private final PendingConditions pending;
  private final OwnedStatusField owned;
  /** K10 with {@link WritePolicy#PER_CHANGE}: the run's first write shows it in progress; {@code null} otherwise. */
  private final InProgressSummary inProgress;
  private final boolean generationAware;

  /**
   * Makes the view of a keeper.
   *
   * @param writer holds the object as last read or written
   * @param pending the buffered conditions
   * @param owned the keeper's own field, with the saved outputs
   * @param inProgress the in-progress summary, or {@code null}
   * @param generationAware whether conditions follow the spec's generation (K9)
   */
  StateView(StatusWriter<?> writer, PendingConditions pending, OwnedStatusField owned, InProgressSummary inProgress,
      boolean generationAware) {
    this.writer = writer;
    this.pending = pending;
    this.owned = owned;
    this.inProgress = inProgress;
    this.generationAware = generationAware;
  }

  /** Returns the condition of {@code type}: the object as held plus the buffered changes; {@code null} when there is none. */
  Condition live(String type) {
    return pending.live(type, writer.snapshot());
  }

  /** K9: a True condition observed at an older generation than the object's. */
  boolean isStale(Condition c) {
    Long generation = writer.snapshot().generation;
    return generationAware && c != null && ConditionMapping.TRUE.equals(c.getStatus()) && generation != null
        && c.getObservedGeneration() != null && c.getObservedGeneration() < generation;
  }

  /** Returns the state of {@code stateName}, with its outputs when it succeeded, stale or not (K9). */
  StepState stepState(String stateName) {
    Condition c = live(stateName);
    if (inProgress != null) {
      c = inProgress.asStepState(stateName, c); // K10: a step's own state, not the keeper's in-progress summary
    }
    StepState state = ConditionMapping.toStepState(stateName, c);
    if (state.status() != StepStatus.SUCCEEDED) {
      return state;
    }
    Map<String, String> saved = owned.outputsOf(stateName);
    return (saved == null ? state : state.withOutputs(saved)).withStale(isStale(c));
  }
}
