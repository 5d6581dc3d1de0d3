package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One run of an engine: walks the steps and applies SEMANTICS R2–R12 to each. Holds what a run
 * owns (deadline, attributes, run span, keepers to flush); the engine's settings are shared.
 */
final class Run {
  private static final Logger LOG = LoggerFactory.getLogger(StepsEngine.class);

  final StepsEngine engine;
  final Clock clock;
  final Instant deadline;
  private final Telemetry telemetry;
  private volatile Map<String, Object> attributes;
  private Span runSpan = Span.getInvalid();
  private volatile String lastStep;
  private final Set<StateKeeper> extraKeepers = ConcurrentHashMap.newKeySet(1);

  Run(StepsEngine engine) {
    this.engine = engine;
    this.clock = engine.clock;
    this.telemetry = engine.telemetry;
    this.deadline = engine.runTimeout == null ? null : clock.instant().plus(engine.runTimeout);
  }

  /** What a step's handling produced: its report, the exception that stops its parent, whether it finishes its parent. */
  record Outcome(StepReport report, StepsException stop, boolean finish) {}

  /** Where a step runs: the keeper it inherits and the tracing context of its parent. */
  record Scope(StateKeeper keeper, Context otel) {}

  Map<String, Object> attributes() {
    Map<String, Object> a = attributes;
    if (a == null) {
      synchronized (this) {
        a = attributes;
        if (a == null) {
          a = attributes = new ConcurrentHashMap<>();
        }
      }
    }
    return a;
  }

  RunReport execute() {
    long start = System.nanoTime();
    Context parent = telemetry.enabled ? Context.current() : Context.root();
    StateKeeper keeper = engine.keeper;
    runSpan = telemetry.startRun(parent, keeper == null ? Map.of() : keeper.getSummaryAttributes());
    Context runContext = telemetry.enabled ? parent.with(runSpan) : parent;
    List<StepReport> reports = new ArrayList<>(engine.steps.size());
    StepsException stop = null;
    Throwable fatal = null;
    try {
      stop = runSequence(engine.steps, new Scope(keeper, runContext), reports);
    } catch (Throwable t) {
      fatal = t; // a VirtualMachineError (R7e) passes through; the run span still ends as an error
      throw t;
    } finally {
      stop = flushKeepers(stop);
      telemetry.endRun(runSpan, lastStep, stop != null ? stop : fatal);
    }
    RunReport report = new RunReport(reports, resultOf(stop), stop, System.nanoTime() - start, engine.policy);
    if (stop != null) {
      stop.attachReport(report);
      throw stop;
    }
    return report;
  }

  private StepsException flushKeepers(StepsException stop) {
    List<StateKeeper> keepers = new ArrayList<>(extraKeepers);
    if (engine.keeper != null) {
      keepers.add(0, engine.keeper);
    }
    for (StateKeeper k : keepers) {
      try {
        k.flush();
      } catch (RuntimeException e) {
        StateKeeperException failure = new StateKeeperException("flushing step states failed: " + StepFailedException.describe(e), e);
        if (stop != null) {
          failure.addSuppressed(stop);
        }
        stop = failure;
      }
    }
    return stop;
  }

  private static RunResult resultOf(StepsException stop) {
    if (stop == null) {
      return RunResult.SUCCEEDED;
    } else if (stop instanceof WaitingException) {
      return RunResult.WAITING;
    } else if (stop instanceof AbortedByPredicateException) {
      return RunResult.ABORTED;
    } else if (stop instanceof RunCancelledException) {
      return RunResult.CANCELLED;
    }
    return RunResult.FAILED;
  }

  /** Runs {@code steps} in order into {@code out}; returns the exception that stops the parent, or null. */
  StepsException runSequence(List<Step> steps, Scope scope, List<StepReport> out) {
    int n = steps.size();
    for (int i = 0; i < n; i++) {
      Step step = steps.get(i);
      StepsException cancelled = checkCancelled(step.name());
      if (cancelled != null) {
        notReached(steps, i, out);
        return cancelled;
      }
      Outcome o = execute(step, scope);
      out.add(o.report);
      lastStep = step.name();
      if (o.stop != null || o.finish) {
        notReached(steps, i + 1, out);
        return o.stop;
      }
    }
    return null;
  }

  private StepsException checkCancelled(String next) {
    if (Thread.currentThread().isInterrupted()) {
      return new RunCancelledException("run interrupted before step '" + next + "'", null);
    }
    if (deadline != null && !clock.instant().isBefore(deadline)) {
      return new RunCancelledException("run deadline " + deadline + " passed before step '" + next + "'", null);
    }
    return null;
  }

  static void notReached(List<Step> steps, int from, List<StepReport> out) {
    for (int i = from; i < steps.size(); i++) {
      out.add(notReached(steps.get(i)));
    }
  }

  static StepReport notReached(Step step) {
    List<StepReport> children = List.of();
    List<Step> nested = childrenOf(step);
    if (!nested.isEmpty()) {
      children = new ArrayList<>(nested.size());
      notReached(nested, 0, children);
    }
    return new StepReport(step.name(), stateNameOf(step), StepOutcome.NOT_REACHED, 0, 0, null, children);
  }

  private static List<Step> childrenOf(Step step) {
    if (step instanceof GroupedSteps g) {
      return g.steps;
    } else if (step instanceof ParallelSteps p) {
      return p.steps;
    }
    return List.of();
  }

  private static String stateNameOf(Step step) {
    State s = step.options().state;
    return s == null ? null : s.name();
  }

  /** Applies R2–R4 to one step, then runs it. */
  Outcome execute(Step step, Scope scope) {
    StepOptions o = step.options();
    long start = System.nanoTime();
    StateKeeper keeper = scope.keeper;
    if (o.stateKeeper != null && o.stateKeeper != keeper) {
      keeper = o.stateKeeper;
      extraKeepers.add(keeper);
    }
    String stateName = o.state == null ? null : o.state.name();
    boolean tracked = stateName != null && keeper != null;
    StepState stored = null;
    if (tracked && !o.skipStateCheck) {
      try {
        stored = keeper.getStepState(stateName);
      } catch (RuntimeException e) {
        StateKeeperException failure = new StateKeeperException("reading state '" + stateName + "' of step '"
            + o.name + "' failed: " + StepFailedException.describe(e), e);
        return stopped(o, StepOutcome.FAILED, failure, start);
      }
      if (stored.status() == StepStatus.SUCCEEDED) {
        return skipped(o, StepOutcome.SKIPPED_ALREADY_SUCCEEDED, start);
      }
    }
    StepContext ctx = new StepContext(this, o.name, stateName, 1, scope.otel);
    if (engine.hook != null) {
      ctx = engine.hook.decorate(ctx);
    }
    List<StepPredicate> predicates = o.predicates;
    for (int i = 0, n = predicates.size(); i < n; i++) {
      StepPredicate p = predicates.get(i);
      boolean ok;
      try {
        ok = p.test(ctx);
      } catch (Exception e) {
        return new StepRun(this, step, keeper, scope, ctx, stored, null).failedBeforeRun(e, start);
      }
      if (!ok) {
        if (o.abortOnPredicatesFalse) {
          telemetry.skipped(runSpan, o.name, StepOutcome.ABORTED_BY_PREDICATE);
          return stopped(o, StepOutcome.ABORTED_BY_PREDICATE, new AbortedByPredicateException(o.name, p.description()), start);
        }
        return skipped(o, StepOutcome.SKIPPED_PREDICATE, start);
      }
    }
    String throttleKey = null;
    Throttle throttle = o.throttle;
    if (throttle != null) {
      throttleKey = throttlePartition(keeper) + ":" + throttle.keyOverride().orElse(o.name);
      try {
        if (!engine.throttler.shouldRun(throttleKey, throttle, clock.instant())) {
          return skipped(o, StepOutcome.THROTTLED, start);
        }
      } catch (RuntimeException e) {
        StateKeeperException failure = new StateKeeperException("reading the throttle of step '" + o.name
            + "' failed: " + StepFailedException.describe(e), e);
        return stopped(o, StepOutcome.FAILED, failure, start);
      }
    }
    return new StepRun(this, step, keeper, scope, ctx, stored, throttleKey).run(start);
  }

  private String throttlePartition(StateKeeper keeper) {
    if (engine.throttlePartition != null) {
      return engine.throttlePartition;
    }
    return keeper == null ? "" : keeper.getSummary();
  }

  private Outcome skipped(StepOptions o, StepOutcome outcome, long start) {
    telemetry.skipped(runSpan, o.name, outcome);
    LOG.debug("step {}: {}", o.name, outcome);
    return new Outcome(report(o, outcome, 0, start, null, List.of()), null, false);
  }

  private Outcome stopped(StepOptions o, StepOutcome outcome, StepsException stop, long start) {
    LOG.debug("step {}: {} ({})", o.name, outcome, stop.getMessage());
    return new Outcome(report(o, outcome, 0, start, stop, List.of()), stop, false);
  }

  static StepReport report(StepOptions o, StepOutcome outcome, int attempts, long start, Throwable error,
      List<StepReport> children) {
    return new StepReport(o.name, o.state == null ? null : o.state.name(), outcome, attempts,
        System.nanoTime() - start, error, children);
  }

  Telemetry telemetry() {
    return telemetry;
  }

  /** Sets the MDC keys of SEMANTICS R14 for a running step; returns the previous step key to restore. */
  static String enterMdc(String step, Span span) {
    String previous = MDC.get("step");
    MDC.put("step", step);
    SpanContext sc = span.getSpanContext();
    if (sc.isValid()) {
      MDC.put("trace_id", sc.getTraceId());
      MDC.put("span_id", sc.getSpanId());
    }
    return previous;
  }

  static void leaveMdc(String previous, Span parentSpan) {
    if (previous == null) {
      MDC.remove("step");
      MDC.remove("trace_id");
      MDC.remove("span_id");
    } else {
      MDC.put("step", previous);
      SpanContext sc = parentSpan.getSpanContext();
      if (sc.isValid()) {
        MDC.put("trace_id", sc.getTraceId());
        MDC.put("span_id", sc.getSpanId());
      }
    }
  }

  Duration defaultWait() {
    return engine.policy.defaultWait();
  }

  static List<StepReport> synchronizedList(int size) {
    return Collections.synchronizedList(new ArrayList<>(size));
  }
}
