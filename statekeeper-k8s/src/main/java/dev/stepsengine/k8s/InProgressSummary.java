package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The summary conditions of a run in progress (SEMANTICS K10: {@code Unknown} "while waiting or
 * running"), for a keeper that writes every change ({@link WritePolicy#PER_CHANGE}): the run's
 * first write carries {@code Ready=Unknown}/{@code InProgress} (and kstatus
 * {@code Reconciling=True}), the end-of-run write the run's summary. A run that writes nothing
 * writes no summary either, so a steady-state reconcile still sends no request (K4).
 *
 * <p>A step whose state is a summary condition owns it: once one writes it, nothing is shown; when
 * the summary was shown before that step was reached, the step reads what was there before, and
 * when it did not write it (skipped as already succeeded) the end of the run puts that back.
 *
 * <p>Not thread-safe: the keeper calls it under its lock.
 */
final class InProgressSummary {
  private final SummaryConditions summary;
  /** What the in-progress write replaced, by type ({@code null}: there was none); {@code null} when not shown. */
  private Map<String, Condition> replaced;
  private final Set<String> writtenByAStep = new HashSet<>();

  InProgressSummary(SummaryConditions summary) {
    this.summary = summary;
  }

  /** Hears that a step wrote state {@code type}: a summary type a step writes is the step's. */
  void stateWritten(String type) {
    if (summary.isSummaryType(type)) {
      writtenByAStep.add(type);
    }
  }

  /**
   * Returns the conditions to add to the run's next write: the in-progress summary, unless it was
   * already written in this run or a step owns a summary type.
   *
   * @param at the candidate transition time
   */
  List<Condition> due(String at) {
    return replaced != null || !writtenByAStep.isEmpty() ? List.of() : summary.inProgress(at);
  }

  /** Hears that {@code written} went out in a write to the object as {@code before} held it. */
  void written(List<Condition> written, ResourceSnapshot<?> before) {
    if (written.isEmpty()) {
      return;
    }
    replaced = new LinkedHashMap<>();
    for (Condition c : written) {
      replaced.put(c.getType(), before.condition(c.getType()));
    }
  }

  /**
   * Returns the condition a step tracking state {@code type} reads: what the in-progress write
   * replaced, when it replaced that type and no step wrote it since; {@code live} otherwise.
   */
  Condition asStepState(String type, Condition live) {
    return replaced != null && replaced.containsKey(type) && !writtenByAStep.contains(type) ? replaced.get(type) : live;
  }

  /**
   * At the end of a run whose summary a step owns: puts back into {@code pending} what the
   * in-progress write replaced and no step wrote since.
   */
  void restoreInto(Map<String, Condition> pending) {
    if (replaced != null) {
      replaced.forEach((type, old) -> {
        if (!writtenByAStep.contains(type) && !pending.containsKey(type)) {
          pending.put(type, old == null ? ConditionMapping.removal(type) : old);
        }
      });
    }
  }

  /** The run ended: the next run of the same keeper shows its own in-progress summary. */
  void ended() {
    replaced = null;
    writtenByAStep.clear();
  }
}
