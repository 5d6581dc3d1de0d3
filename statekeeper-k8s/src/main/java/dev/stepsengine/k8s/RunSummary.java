package dev.stepsengine.k8s;

import dev.stepsengine.RunReport;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.function.Supplier;

/**
 * The summary conditions a keeper writes at the end of a run (SEMANTICS K10), unless a step owns
 * them; with {@link WritePolicy#PER_CHANGE}, also the in-progress summary its first write carried.
 *
 * <p>Not thread-safe: the keeper calls it under its lock.
 */
final class RunSummary {
  /** The summary conditions; {@code null} when the keeper writes none. */
  private final SummaryConditions conditions;
  /** K10 with {@link WritePolicy#PER_CHANGE}: the run's first write shows it in progress; {@code null} otherwise. */
  private final InProgressSummary inProgress;
  private final String keeper;

  /**
   * Makes the summary of a keeper.
   *
   * @param type the aggregate condition's type, or {@code null} for none
   * @param kstatus whether to add the kstatus conditions
   * @param policy when the keeper writes
   * @param keeper the keeper's object, for messages
   */
  RunSummary(String type, boolean kstatus, WritePolicy policy, String keeper) {
    this.conditions = type == null ? null : new SummaryConditions(type, kstatus);
    this.inProgress = conditions == null || policy != WritePolicy.PER_CHANGE ? null : new InProgressSummary(conditions);
    this.keeper = keeper;
  }

  /** Returns the in-progress summary, or {@code null} when the keeper shows none. */
  InProgressSummary inProgress() {
    return inProgress;
  }

  /**
   * Buffers the summary of the run that ended as {@code report}; when a step owns a summary type,
   * puts back what the in-progress write replaced instead. Then the next run starts afresh.
   *
   * @param report how the run ended; {@code null} writes no summary
   * @param pending where the summary goes
   * @param view what the run's states read
   * @param now the candidate transition time, read when the summary is written
   */
  void addTo(RunReport report, PendingConditions pending, StateView view, Supplier<String> now) {
    if (report == null || conditions == null) {
      return;
    }
    if (!conditions.ownedByAStep(report, keeper)) {
      for (Condition c : conditions.of(report, view::live, view::isStale, now.get())) {
        pending.put(c);
      }
    } else if (inProgress != null) {
      inProgress.restoreInto(pending.byType());
    }
    if (inProgress != null) {
      inProgress.ended();
    }
  }
}
