package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;

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
  /** The run span; {@code null} when tracing is off (Telemetry then never touches it). */
  private Span runSpan;
  private String lastStep;
  /** Keepers that nested steps set for themselves (R1); flushed with the engine's. Rare, so made on first use. */
  private volatile Set<StateKeeper> extraKeepers;

  Run(StepsEngine engine) {
    this.engine = engine;
    this.clock = engine.clock;
    this.telemetry = engine.telemetry;
    this.deadline = engine.runTimeout == null ? null : clock.instant().plus(engine.runTimeout);
  }

  /**
   * Returned by {@link #execute} when a {@code finishOnSuccess} step succeeded: the enclosing
   * sequence ends successfully. Never thrown, never reported.
   */
  static final StepsException FINISH = new StepsException("finish") {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  };

  /** Where a step runs: the keeper it inherits and the tracing context of its parent ({@code null} untraced). */
  record Scope(StateKeeper keeper, Context otel) {}

  private Set<StateKeeper> extraKeepers() {
    Set<StateKeeper> k = extraKeepers;
    if (k == null) {
      synchronized (this) {
        k = extraKeepers;
        if (k == null) {
          k = extraKeepers = ConcurrentHashMap.newKeySet();
        }
      }
    }
    return k;
  }

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
    StateKeeper keeper = engine.keeper;
    Scope scope = engine.untracedScope;
    if (telemetry.enabled) {
      // untraced runs never touch OpenTelemetry's context storage: it costs milliseconds to load
      Context parent = Context.current();
      runSpan = telemetry.startRun(parent, keeper == null ? Map.of() : keeper.getSummaryAttributes());
      scope = new Scope(keeper, parent.with(runSpan));
    }
    Reports reports = new Reports(engine.steps, "", engine.listener);
    StepsException stop = null;
    Throwable fatal = null;
    try {
      stop = runSequence(scope, reports, start);
    } catch (Throwable t) {
      fatal = t; // a VirtualMachineError (R7e) passes through; the run span still ends as an error
      throw t;
    } finally {
      stop = flushKeepers(stop);
      telemetry.endRun(runSpan, lastStep, stop != null ? stop : fatal);
    }
    // without keepers nothing happens after the last step, whose end time is already known:
    // one clock read less per run (a clock read is most of what an untracked step costs)
    long end = keeper == null && extraKeepers == null && !telemetry.enabled ? reports.mark : System.nanoTime();
    RunReport report = new RunReport(reports, resultOf(stop), stop, end - start, engine.policy);
    if (stop != null) {
      stop.attachReport(report);
      throw stop;
    }
    return report;
  }

  private StepsException flushKeepers(StepsException stop) {
    if (extraKeepers == null) {
      return engine.keeper == null ? stop : flush(engine.keeper, stop);
    }
    List<StateKeeper> keepers = extraKeepers == null ? new ArrayList<>(1) : new ArrayList<>(extraKeepers);
    if (engine.keeper != null) {
      keepers.add(0, engine.keeper);
    }
    for (StateKeeper k : keepers) {
      stop = flush(k, stop);
    }
    return stop;
  }

  private static StepsException flush(StateKeeper keeper, StepsException stop) {
    try {
      keeper.flush();
      return stop;
    } catch (RuntimeException e) {
      StateKeeperException failure = new StateKeeperException("flushing step states failed: "
          + StepFailedException.describe(e), e);
      if (stop != null) {
        failure.addSuppressed(stop);
      }
      return failure;
    }
  }

  private static RunResult resultOf(StepsException stop) {
    if (stop == null) {
      return RunResult.SUCCEEDED;
    } else if (stop instanceof RunWaitingException) {
      return RunResult.WAITING;
    } else if (stop instanceof AbortedByPredicateException) {
      return RunResult.ABORTED;
    } else if (stop instanceof RunCancelledException) {
      return RunResult.CANCELLED;
    }
    return RunResult.FAILED;
  }

  /**
   * Runs the steps of {@code out} in order, the first starting at {@code start}
   * ({@link System#nanoTime()}); returns the exception that stops the parent, or null.
   */
  StepsException runSequence(Scope scope, Reports out, long start) {
    List<PipelineStep> steps = out.steps;
    out.mark = start;
    for (int i = 0, n = steps.size(); i < n; i++) {
      PipelineStep step = steps.get(i);
      if (Thread.currentThread().isInterrupted() || deadline != null) {
        StepsException cancelled = checkCancelled(step.name());
        if (cancelled != null) {
          return cancelled;
        }
      }
      StepsException signal = execute(step, scope, out, i, out.mark);
      if (telemetry.enabled) {
        lastStep = step.name(); // only the run span's last_step attribute reads it
      }
      if (signal != null) {
        return signal == FINISH ? null : signal;
      }
    }
    return null;
  }

  boolean pastDeadline() {
    return deadline != null && !clock.instant().isBefore(deadline);
  }

  private StepsException checkCancelled(String next) {
    if (Thread.currentThread().isInterrupted()) {
      return new RunCancelledException("run interrupted before step '" + next + "'", null);
    }
    if (pastDeadline()) {
      return new RunCancelledException("run deadline " + deadline + " passed before step '" + next + "'", null);
    }
    return null;
  }

  /**
   * Applies R2–R4 to step {@code i} of {@code out}, runs it, and records its outcome there. Returns
   * null to go on, {@link #FINISH} to end the enclosing sequence successfully, or the exception
   * that stops it.
   */
  StepsException execute(PipelineStep step, Scope scope, Reports out, int i, long start) {
    StepOptions o = step.options();
    StateKeeper keeper = scope.keeper;
    if (o.simplePlain && engine.plainRuns && (keeper == null || o.state == null)) {
      return runPlain((SimpleStep) step, scope, out, i, start);
    }
    if (o.stateKeeper != null && o.stateKeeper != keeper) {
      keeper = o.stateKeeper;
      extraKeepers().add(keeper);
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
        return stopped(o, out, i, start, StepOutcome.FAILED, failure);
      }
      if (stored.status() == StepStatus.SUCCEEDED && (!stored.stale() || o.state.keepsAcrossSpecChanges())) {
        if (stored.stale()) {
          try {
            keeper.setStepState(stored.withStale(false)); // K9: the kept success is current again
          } catch (RuntimeException e) {
            return stopped(o, out, i, start, StepOutcome.FAILED, new StateKeeperException("marking state '"
                + stateName + "' of step '" + o.name + "' current failed: " + StepFailedException.describe(e), e));
          }
        }
        return skipped(o, out, i, start, StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
      }
    }
    StepContext ctx = new StepContext(this, step);
    if (engine.hook != null) {
      try {
        ctx = engine.hook.decorate(ctx);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable e) {
        return new StepRun(this, step, keeper, scope, ctx, stored, null, out, i).failedBeforeRun(e, start);
      }
    }
    List<StepPredicate> predicates = o.predicates;
    for (int p = 0, n = predicates.size(); p < n; p++) {
      StepPredicate predicate = predicates.get(p);
      boolean ok;
      try {
        ok = predicate.test(ctx);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable e) {
        return new StepRun(this, step, keeper, scope, ctx, stored, null, out, i).failedBeforeRun(e, start);
      }
      if (!ok) {
        if (o.abortOnPredicatesFalse) {
          telemetry.skipped(runSpan, o.name, StepOutcome.ABORTED_BY_PREDICATE);
          return stopped(o, out, i, start, StepOutcome.ABORTED_BY_PREDICATE,
              new AbortedByPredicateException(o.name, predicate.description()));
        }
        return skipped(o, out, i, start, StepOutcome.SKIPPED_PREDICATE);
      }
    }
    String throttleKey = null;
    Throttle throttle = o.throttle;
    if (throttle != null) {
      try {
        throttleKey = throttlePartition(keeper) + ":" + throttle.keyOverride().orElse(o.name);
        if (!engine.throttler.shouldRun(throttleKey, throttle, clock.instant())) {
          return skipped(o, out, i, start, StepOutcome.THROTTLED);
        }
      } catch (RuntimeException e) {
        StateKeeperException failure = new StateKeeperException("reading the throttle of step '" + o.name
            + "' failed: " + StepFailedException.describe(e), e);
        return stopped(o, out, i, start, StepOutcome.FAILED, failure);
      }
    }
    return new StepRun(this, step, keeper, scope, ctx, stored, throttleKey, out, i).run(start);
  }

  /**
   * The hot path: a step with no state, predicates, throttle, retry or hook, untraced. Only the
   * context is allocated; a failure goes through the full handling of {@link StepRun}.
   */
  private StepsException runPlain(SimpleStep step, Scope scope, Reports out, int i, long start) {
    StepContext ctx = new StepContext(this, step);
    out.notifyStarted(i);
    String previousMdc = MDC_ACTIVE ? enterMdc(step.options().name) : null;
    try {
      step.action.run(ctx);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      return new StepRun(this, step, null, scope, ctx, null, null, out, i).failedPlain(failure, start);
    } finally {
      if (MDC_ACTIVE) {
        leaveMdc(previousMdc);
      }
    }
    out.set(i, StepOutcome.SUCCEEDED, 1, start, null, null);
    return step.options().finishOnSuccess ? FINISH : null;
  }

  private String throttlePartition(StateKeeper keeper) {
    if (engine.throttlePartition != null) {
      return engine.throttlePartition;
    }
    return keeper == null ? "" : keeper.getSummary();
  }

  private StepsException skipped(StepOptions o, Reports out, int i, long start, StepOutcome outcome) {
    telemetry.skipped(runSpan, o.name, outcome);
    LOG.debug("step {}: {}", o.name, outcome);
    out.set(i, outcome, 0, start, null, null);
    return null;
  }

  private StepsException stopped(StepOptions o, Reports out, int i, long start, StepOutcome outcome,
      StepsException stop) {
    LOG.debug("step {}: {} ({})", o.name, outcome, stop.getMessage());
    out.set(i, outcome, 0, start, stop, null);
    return stop;
  }

  Telemetry telemetry() {
    return telemetry;
  }

  /**
   * Whether the SLF4J provider keeps MDC values. With the no-op adapter (no provider, or
   * slf4j-simple) the hot path skips the MDC calls, which could store nothing anyway.
   */
  static final boolean MDC_ACTIVE = !(MDC.getMDCAdapter() instanceof NOPMDCAdapter);

  /**
   * Sets the MDC key {@code step} (R14) for an untraced step; returns the previous value, which
   * {@link #leaveMdc} puts back. The tracing keys are left alone.
   */
  static String enterMdc(String step) {
    String previous = MDC.get("step");
    MDC.put("step", step);
    return previous;
  }

  static void leaveMdc(String previous) {
    restoreMdc("step", previous);
  }

  /** The MDC keys a traced step sets (R14), with the values they had, to put back when it ends. */
  record MdcScope(String step, String traceId, String spanId) {
    static MdcScope enter(String step, Span span) {
      MdcScope previous = new MdcScope(MDC.get("step"), MDC.get("trace_id"), MDC.get("span_id"));
      MDC.put("step", step);
      SpanContext sc = span.getSpanContext();
      if (sc.isValid()) {
        MDC.put("trace_id", sc.getTraceId());
        MDC.put("span_id", sc.getSpanId());
      }
      return previous;
    }

    void leave() {
      restoreMdc("step", step);
      restoreMdc("trace_id", traceId);
      restoreMdc("span_id", spanId);
    }
  }

  private static void restoreMdc(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
