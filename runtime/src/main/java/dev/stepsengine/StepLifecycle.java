package dev.stepsengine;

import dev.stepsengine.throttling.Throttle;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle of one step: built once per step when the engine is built (or when a dynamic
 * step returns it), then run on every run. {@link #run} reads top to bottom as the phases of
 * SEMANTICS: stored state (R2) → context hook (R1) → engine-wide and own predicates (R17, R3) →
 * throttle check (R4) → running state, attempts and settling ({@link StepExecution}: R5, R16, R6,
 * R7, R4 record). A phase that does not apply to the step is skipped; a plain step (no state, no
 * checks, no hook, no tracing) skips them all and runs its one attempt without further allocation.
 */
final class StepLifecycle {
  final PipelineStep step;
  final StepOptions options;
  final String name;
  final State state;
  /** The state name, or null for an untracked step. */
  final String stateName;
  /** Engine-wide predicates first (R17), then the step's own (R3); with their descriptions. */
  private final StepPredicate[] predicates;
  private final String[] descriptions;
  /** What the step does once all checks passed: its action, or its children's lifecycles. */
  final StepBody body;
  /**
   * Nothing to do around the attempt (no throttle, retry, timeout, outputs or keeper of its own,
   * no tracing): untracked, the step needs nothing but its one attempt once its checks passed.
   */
  private final boolean plain;
  /**
   * Nothing of the user's runs between this step's stored-state read and its running write (a
   * tracked step with no predicates, throttle or context hook, R2 on): its lease may come with the
   * previous step's success ({@link StateKeeper#handOver}).
   */
  final boolean takesHandOver;

  private StepLifecycle(PipelineStep step, StepsEngine engine) {
    this.step = step;
    this.options = step.options();
    this.name = options.name;
    this.state = options.state;
    this.stateName = state == null ? null : state.name();
    List<StepPredicate> all = new ArrayList<>(engine.predicates);
    all.addAll(options.predicates);
    this.predicates = all.toArray(new StepPredicate[0]);
    this.descriptions = new String[predicates.length];
    for (int p = 0; p < predicates.length; p++) {
      String d = predicates[p].description();
      boolean engineWide = p < engine.predicates.size();
      descriptions[p] = d != null && !d.isEmpty() ? d
          : engineWide ? "engine predicate " + (p + 1) : "predicate " + (p + 1 - engine.predicates.size())
              + " of step '" + name + "'";
    }
    this.body = StepBody.of(step, engine);
    this.plain = step instanceof SimpleStep && options.throttle == null
        && options.retry.maxAttempts() == 1 && options.stateKeeper == null && options.timeout == null
        && options.outputs.isEmpty() && !engine.telemetry.enabled;
    this.takesHandOver = stateName != null && predicates.length == 0 && options.throttle == null
        && !options.skipStateCheck && engine.hook == null;
  }

  /** Returns the lifecycles of {@code steps}, in order. */
  static List<StepLifecycle> all(List<PipelineStep> steps, StepsEngine engine) {
    List<StepLifecycle> out = new ArrayList<>(steps.size());
    for (PipelineStep s : steps) {
      out.add(new StepLifecycle(s, engine));
    }
    return out;
  }

  /**
   * Runs the step as step {@code i} of {@code out}, starting at {@code start}
   * ({@link System#nanoTime()}), records its outcome there, and says how the sequence goes on.
   * {@code following} is the step the sequence runs next (null for the last step and for parallel
   * children); {@code handedOver} is set when the previous step wrote this step's lease with its
   * success, and replaces this step's R2 read and R5 write.
   */
  Next run(Run run, Scope scope, Reports out, int i, long start, StepLifecycle following, HandOver handedOver) {
    StateKeeper keeper = options.stateKeeper == null ? scope.keeper() : run.adopt(options.stateKeeper);
    boolean tracked = stateName != null && keeper != null;

    // R2: stored state
    StepState stored = null;
    if (handedOver != null) {
      stored = handedOver.stored; // read before the hand-over; not succeeded
    } else if (tracked && !options.skipStateCheck) {
      try {
        stored = keeper.getStepState(stateName);
      } catch (RuntimeException e) {
        return notRun(run, out, i, start, KeeperFailures.of("reading state '" + stateName + "'", out.path(i), e, null));
      }
      if (stored.isSucceeded() && (!stored.stale() || state.keepsAcrossSpecChanges())) {
        if (stored.stale()) {
          try {
            keeper.setStepState(stored.withStale(false)); // K9: the kept success is current again
          } catch (RuntimeException e) {
            return notRun(run, out, i, start, KeeperFailures.of("marking state '" + stateName + "' current",
                out.path(i), e, null));
          }
        }
        return skipped(run, out, i, start, StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
      }
    }

    // R1: the context, decorated by the engine's hook
    Scope own = scope.withKeeper(keeper);
    StepContext ctx = new StepContext(own, this, options.outputs.isEmpty() ? null
        : new OutputBuffer(name, options.outputs, keeper == null ? 0 : keeper.maxOutputChars()));
    StepContextHook hook = run.engine.hook;
    if (hook != null) {
      StepContext decorated;
      try {
        decorated = hook.decorate(ctx);
        if (decorated == null) {
          throw new NullPointerException("the step context hook returned null for step '" + name
              + "'; return the context it was given, or a copy made with ctx.with(key, value)");
        }
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable e) {
        return execution(run, own, keeper, ctx, stored, null, out, i, start).failBeforeRun(e);
      }
      ctx = decorated;
    }

    // R17, R3: predicates, engine-wide ones first
    for (int p = 0; p < predicates.length; p++) {
      boolean ok;
      try {
        ok = predicates[p].test(ctx);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable e) {
        return execution(run, own, keeper, ctx, stored, null, out, i, start).failBeforeRun(e);
      }
      if (!ok) {
        if (options.abortOnPredicatesFalse) {
          run.telemetry.skipped(run.runSpan, name, StepOutcome.ABORTED_BY_PREDICATE);
          AbortedByPredicateException abort = new AbortedByPredicateException(name, descriptions[p]);
          out.set(i, StepOutcome.ABORTED_BY_PREDICATE, 0, start, abort, null);
          return Next.stop(abort);
        }
        return skipped(run, out, i, start, StepOutcome.SKIPPED_PREDICATE);
      }
    }

    // R4: throttle check
    String throttleKey = null;
    Throttle throttle = options.throttle;
    if (throttle != null) {
      try {
        throttleKey = run.throttlePartition(keeper) + ":" + throttle.keyOverride().orElse(name);
        if (!run.throttler(keeper).shouldRun(throttleKey, throttle, run.clock.instant())) {
          return skipped(run, out, i, start, StepOutcome.THROTTLED);
        }
      } catch (RuntimeException e) {
        return notRun(run, out, i, start, KeeperFailures.of("reading the throttle", out.path(i), e, null));
      }
    }

    // R5, R16, R6, R7, R4 record: a plain untracked step runs its one attempt here
    if (plain && !tracked) {
      out.notifyStarted(i);
      Throwable failure = StepBody.runPlain((SimpleStep) step, ctx, name);
      if (failure == null) {
        out.set(i, StepOutcome.SUCCEEDED, 1, start, null, null);
        return options.finishOnSuccess ? Next.FINISH : Next.GO_ON;
      }
      return execution(run, own, keeper, ctx, null, null, out, i, start).settleAttempt(failure);
    }
    StepExecution x = execution(run, own, keeper, ctx, stored, throttleKey, out, i, start);
    x.following = following;
    x.handedOver = handedOver;
    return x.execute();
  }

  /**
   * R9 after a hand-over: the run was interrupted or passed its deadline once this step's lease was
   * written with the previous step's success (a listener, or the write itself, took the time), so
   * the step, as step {@code i} of {@code out}, is not reached, as after two writes; its lease goes
   * back as {@code PENDING}, reason {@code Cancelled}, so no other worker waits for it.
   */
  Next handBackLease(Run run, Scope scope, Reports out, int i, RunCancelledException late) {
    StateKeeper keeper = options.stateKeeper == null ? scope.keeper() : run.adopt(options.stateKeeper);
    boolean interrupted = Thread.interrupted(); // the write must not fail because of the interrupt
    try {
      keeper.setStepState(new StepState(stateName, StepStatus.PENDING, StepState.REASON_CANCELLED,
          Causes.describe(late), run.clock.instant()));
    } catch (RuntimeException e) {
      return notRun(run, out, i, out.mark, KeeperFailures.of("handing back the lease of '" + stateName + "'",
          out.path(i), e, late));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return Next.stop(late); // the entry stays unset: NOT_REACHED
  }

  private StepExecution execution(Run run, Scope scope, StateKeeper keeper, StepContext ctx, StepState stored,
      String throttleKey, Reports out, int i, long start) {
    return new StepExecution(this, run, scope, keeper, ctx, stored, throttleKey, out, i, start);
  }

  private Next skipped(Run run, Reports out, int i, long start, StepOutcome outcome) {
    run.telemetry.skipped(run.runSpan, name, outcome);
    out.set(i, outcome, 0, start, null, null);
    return Next.GO_ON;
  }

  /** The step stops the run before it ran: a keeper failure or a cancellation during its checks. */
  private Next notRun(Run run, Reports out, int i, long start, StepsException stop) {
    StepOutcome outcome = stop instanceof RunCancelledException ? StepOutcome.CANCELLED : StepOutcome.FAILED;
    run.telemetry.skipped(run.runSpan, name, outcome);
    out.set(i, outcome, 0, start, stop, null);
    return Next.stop(stop);
  }

  @Override
  public String toString() {
    return "StepLifecycle[" + name + "]";
  }
}
