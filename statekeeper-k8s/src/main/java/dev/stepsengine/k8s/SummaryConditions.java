package dev.stepsengine.k8s;

import dev.stepsengine.RunReport;
import dev.stepsengine.RunResult;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The summary conditions a run ends with (SEMANTICS K10): the aggregate condition ({@code Ready}
 * by default) and, optionally, the kstatus conditions {@code Reconciling} and {@code Stalled}.
 *
 * <p>Aggregate: {@code True} when the run succeeded and no tracked step's condition is
 * {@code False}, stale (K9) or waiting ({@code Unknown}), steps skipped by a predicate or a throttle
 * aside; {@code False}, with the failing step's state name as reason, after a failure (a
 * {@code continueOnError} failure included); {@code Unknown} while waiting, aborted, cancelled or
 * stale. kstatus: {@code Reconciling=True} exactly when the aggregate is {@code Unknown},
 * {@code Stalled=True} exactly when it is {@code False}; both {@code False} when it is {@code True}.
 *
 * <p>While a run is in progress ({@link #inProgress}, written by a keeper with
 * {@link WritePolicy#PER_CHANGE} with the run's first write): the aggregate is {@code Unknown} with
 * reason {@code InProgress}, so kstatus reads {@code Reconciling=True}.
 *
 * @param type the aggregate condition's type
 * @param kstatus whether to add {@code Reconciling} and {@code Stalled}
 */
record SummaryConditions(String type, boolean kstatus) {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SummaryConditions.class);
  static final String RECONCILING = "Reconciling";
  static final String STALLED = "Stalled";
  static final String REASON_SUCCEEDED = "Succeeded";
  static final String REASON_IN_PROGRESS = "InProgress";
  static final String MESSAGE_IN_PROGRESS = "a reconcile is in progress";

  /** Returns whether {@code state} is one of the summary's condition types. */
  boolean isSummaryType(String state) {
    return state.equals(type) || kstatus && (state.equals(RECONCILING) || state.equals(STALLED));
  }

  /**
   * Returns whether a step of the run tracks its state under one of the summary's types: then that
   * step owns the condition and the summary is not written (with a warning naming the keeper).
   */
  boolean ownedByAStep(RunReport report, String keeper) {
    for (StepReport step : report.allSteps()) {
      String state = step.stateName().orElse(null);
      if (state != null && isSummaryType(state)) {
        LOG.warn("K10: step '{}' of {} tracks state {}, a summary condition: no summary written; give the keeper"
            + " another summaryCondition(...) or rename the state", step.path(), keeper, state);
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the summary conditions of {@code report}, without generation and with candidate time
   * {@code at}.
   *
   * @param live the keeper's current condition of a type, this run's writes included
   * @param stale whether a condition is a stale {@code True} (K9)
   */
  List<Condition> of(RunReport report, Function<String, Condition> live, Predicate<Condition> stale, String at) {
    return withKstatus(aggregate(report, live, stale), at);
  }

  /**
   * Returns the summary conditions of a run in progress: the aggregate {@code Unknown} with reason
   * {@code InProgress}, without generation and with candidate time {@code at}.
   */
  List<Condition> inProgress(String at) {
    return withKstatus(summary(ConditionMapping.UNKNOWN, REASON_IN_PROGRESS, MESSAGE_IN_PROGRESS), at);
  }

  private List<Condition> withKstatus(Condition ready, String at) {
    ready.setLastTransitionTime(at);
    List<Condition> out = new ArrayList<>(3);
    out.add(ready);
    if (kstatus) {
      boolean unknown = ConditionMapping.UNKNOWN.equals(ready.getStatus());
      boolean failed = ConditionMapping.FALSE.equals(ready.getStatus());
      out.add(condition(RECONCILING, unknown, ready.getReason(), ready.getMessage(), at));
      out.add(condition(STALLED, failed, ready.getReason(), ready.getMessage(), at));
    }
    return out;
  }

  private Condition aggregate(RunReport report, Function<String, Condition> live, Predicate<Condition> stale) {
    RunResult result = report.result();
    List<StepReport> steps = report.allSteps();
    if (result == RunResult.FAILED) {
      StepReport failing = first(steps, StepOutcome.FAILED);
      String message = report.error().map(Throwable::getMessage).orElse("the run failed");
      return summary(ConditionMapping.FALSE, failing == null ? "Failed" : reasonOf(failing), message);
    }
    if (result != RunResult.SUCCEEDED) {
      StepReport held = result == RunResult.WAITING ? waitingStep(steps) : null;
      Condition heldCondition = held == null ? null : held.stateName().map(live).orElse(null);
      String message = heldCondition != null && heldCondition.getMessage() != null && !heldCondition.getMessage().isEmpty()
          ? heldCondition.getMessage() : report.error().map(Throwable::getMessage).orElse(result.toString());
      String reason = switch (result) {
        case WAITING -> "Waiting";
        case ABORTED -> "Aborted";
        default -> "Cancelled";
      };
      return summary(ConditionMapping.UNKNOWN, reason, message);
    }
    Condition unknown = null;
    for (StepReport step : steps) {
      if (step.stateName().isEmpty() || step.outcome() == StepOutcome.SKIPPED_PREDICATE
          || step.outcome() == StepOutcome.THROTTLED) {
        continue;
      }
      String state = step.stateName().get();
      Condition c = live.apply(state);
      if (c == null) {
        continue;
      }
      if (ConditionMapping.FALSE.equals(c.getStatus())) {
        return summary(ConditionMapping.FALSE, reasonOf(step), "state " + state + ": " + c.getMessage());
      }
      if (unknown == null && ConditionMapping.UNKNOWN.equals(c.getStatus())) {
        unknown = summary(ConditionMapping.UNKNOWN, "Waiting", "state " + state + ": " + c.getMessage());
      } else if (unknown == null && stale.test(c)) {
        unknown = summary(ConditionMapping.UNKNOWN, "Stale", "state " + state + " was recorded for an older generation");
      }
    }
    return unknown != null ? unknown : summary(ConditionMapping.TRUE, REASON_SUCCEEDED, "All steps succeeded");
  }

  private static StepReport first(List<StepReport> steps, StepOutcome outcome) {
    StepReport found = null;
    for (StepReport s : steps) {
      if (s.outcome() == outcome && s.children().stream().noneMatch(c -> c.outcome() == outcome)) {
        return s; // the innermost failing step names the cause
      }
      if (found == null && s.outcome() == outcome) {
        found = s;
      }
    }
    return found;
  }

  private static StepReport waitingStep(List<StepReport> steps) {
    StepReport waiting = first(steps, StepOutcome.WAITING);
    return waiting != null ? waiting : first(steps, StepOutcome.HELD_ELSEWHERE);
  }

  private Condition summary(String status, String reason, String message) {
    return condition(type, status, reason, message);
  }

  private static Condition condition(String type, boolean isTrue, String reason, String message, String at) {
    Condition c = condition(type, isTrue ? ConditionMapping.TRUE : ConditionMapping.FALSE, reason, message);
    c.setLastTransitionTime(at);
    return c;
  }

  private static Condition condition(String type, String status, String reason, String message) {
    Condition c = new Condition();
    c.setType(type);
    c.setStatus(status);
    c.setReason(reason);
    c.setMessage(ConditionMapping.truncate(message == null ? "" : message));
    return c;
  }

  /**
   * Returns a valid condition reason naming the step: its state name (or step name) with the
   * characters a reason may not hold replaced (K3).
   */
  static String reasonOf(StepReport step) {
    String name = step.stateName().orElse(step.name());
    StringBuilder b = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      b.append(Character.isLetterOrDigit(ch) && ch < 128 || ch == '_' ? ch : '_');
    }
    if (b.length() == 0 || !Character.isLetter(b.charAt(0))) {
      b.insert(0, "Step");
    }
    while (b.charAt(b.length() - 1) == '_' && b.length() > 1) {
      b.setLength(b.length() - 1);
    }
    return b.length() > 1024 ? b.substring(0, 1024) : b.toString();
  }
}
