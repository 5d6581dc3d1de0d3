package dev.stepsengine;

import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One execution of a step that passed its checks, in the phases of SEMANTICS: running state (R5)
 * and throttle start → attempts with timeout (R16) and retry (R6) → settling the last attempt's
 * result by its {@link Verdict} (R7a–R7f, R8) → throttle success (R4). Made per executed step;
 * plain steps that succeed never make one.
 */
final class StepExecution {
  private static final Logger LOG = LoggerFactory.getLogger(StepsEngine.class);

  private final StepLifecycle step;
  private final StepOptions o;
  final Run run;
  private final Scope scope;
  final StateKeeper keeper;
  private final boolean tracked;
  private final String throttleKey;
  private final Reports out;
  private final int index;
  private final long start;
  StepContext ctx;
  private StepState stored;
  private boolean runningWritten;
  private Reports children;
  private Span span;
  private int attempt = 1;
  /** A {@link RetryableException}'s delay too long to sleep on: the step waits instead (R6). */
  private Duration waitInstead;
  /** The step its sequence runs next, or null: its lease may be handed over with this step's success. */
  StepLifecycle following;
  /** The lease the previous step wrote for this one with its success, or null: R5 is done. */
  HandOver handedOver;

  StepExecution(StepLifecycle step, Run run, Scope scope, StateKeeper keeper, StepContext ctx, StepState stored,
      String throttleKey, Reports out, int index, long start) {
    this.step = step;
    this.o = step.options;
    this.run = run;
    this.scope = scope;
    this.keeper = keeper;
    this.tracked = step.stateName != null && keeper != null;
    this.ctx = ctx;
    this.stored = stored;
    this.throttleKey = throttleKey;
    this.out = out;
    this.index = index;
    this.start = start;
  }

  /** Runs the step: R5, attempts, R7; records the outcome. */
  Next execute() {
    Telemetry telemetry = run.telemetry;
    span = telemetry.startStep(scope.otel(), step.name, step.stateName);
    Mdc.Saved previousMdc = null;
    io.opentelemetry.context.Scope current = null;
    Throwable failure = null;
    try {
      if (telemetry.enabled) {
        ctx = ctx.withOtelContext(scope.otel().with(span));
        current = ctx.otelContext().makeCurrent(); // spans the step's own code starts are its children
      }
      out.notifyStarted(index);
      previousMdc = Mdc.ACTIVE ? Mdc.Saved.enter(step.name, span) : null;
      Next refused = markRunning();
      if (refused != null) {
        failure = out.error(index);
        return refused;
      }
      failure = attempts();
      return settle(failure);
    } catch (VirtualMachineError fatal) {
      failure = fatal;
      throw fatal;
    } finally {
      if (previousMdc != null) {
        previousMdc.leave();
      }
      if (current != null) {
        current.close();
      }
      StepOutcome outcome = failure instanceof VirtualMachineError ? StepOutcome.FAILED : out.outcome(index);
      telemetry.endStep(span, step.name, outcome, attempt, failure, System.nanoTime() - start);
    }
  }

  /** A check before the run (hook, predicate) threw: the step fails without running (R3, R7d). */
  Next failBeforeRun(Throwable failure) {
    span = run.telemetry.startStep(scope.otel(), step.name, step.stateName);
    attempt = 0;
    try {
      return settle(failure);
    } finally {
      run.telemetry.endStep(span, step.name, out.outcome(index), 0, failure, System.nanoTime() - start);
    }
  }

  /** A plain step's one attempt failed: settle it like any other step's (R7). */
  Next settleAttempt(Throwable failure) {
    return settle(failure);
  }

  // ---- R5: running state, and the throttle's start time

  /** Writes RUNNING when the keeper tracks it and records the throttle start; returns how the step stops, or null to go on. */
  private Next markRunning() {
    if (handedOver != null) {
      if (handedOver.held != null) {
        return heldElsewhere(handedOver.held);
      }
      runningWritten = true; // written with the previous step's success
    } else if (tracked) {
      try {
        if (keeper.supportsRunningState()) {
          keeper.setStepState(running(step.stateName));
          runningWritten = true;
        }
      } catch (StepHeldElsewhereException held) {
        return heldElsewhere(held);
      } catch (RuntimeException e) {
        return keeperStop(KeeperFailures.of("writing state '" + step.stateName + "' (RUNNING)", path(), e, null), 0);
      }
    }
    if (throttleKey != null) {
      try {
        run.throttler(keeper).recordRun(throttleKey, now());
      } catch (RuntimeException e) {
        return keeperStop(KeeperFailures.of("recording the throttle start", path(), e, null), 0);
      }
    }
    return null;
  }

  /** R5: another worker's lease: the step does not run; it waits, or the run goes on with continueOnError. */
  private Next heldElsewhere(StepHeldElsewhereException held) {
    RunWaitingException wait = new RunWaitingException(step.name, run.engine.policy.waitOf(held), held);
    record(StepOutcome.HELD_ELSEWHERE, 0, wait);
    return o.continueOnError ? Next.GO_ON : Next.stop(wait);
  }

  private StepState running(String stateName) {
    return new StepState(stateName, StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", now());
  }

  // ---- R16, R6: attempts

  /** Runs attempts until one succeeds or the retry policy gives up; returns the last failure, or null. */
  private Throwable attempts() {
    RetryPolicy retry = o.retry;
    for (;;) {
      Throwable failure = attempt();
      if (failure == null || retry.maxAttempts() == 1 || Verdict.of(failure) != Verdict.FAILED) {
        return failure;
      }
      try {
        if (!retry.retries(failure)) {
          return failure;
        }
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable retryOnFailure) {
        retryOnFailure.addSuppressed(failure); // the policy's own bug is the step's failure; the attempt's is kept
        return retryOnFailure;
      }
      Duration delay = retry.delayAfter(attempt);
      RetryableException retryable = Causes.find(failure, RetryableException.class);
      if (retryable != null && retryable.retryAfter().isPresent()) {
        delay = retryable.retryAfter().get();
        if (delay.compareTo(retry.maxBackoff()) > 0) {
          waitInstead = delay; // too long to sleep on, even when attempts are left (R6)
          return failure;
        }
      }
      Instant deadline = scope.run().deadline;
      if (attempt >= retry.maxAttempts() || (deadline != null && now().plus(delay).isAfter(deadline))) {
        return failure; // R6, R9: a backoff that would end after the deadline is not slept
      }
      LOG.debug("step {}: attempt {} failed, retrying in {}", step.name, attempt, delay, failure);
      if (tracked) {
        try {
          keeper.attemptFailed(step.stateName, attempt, failure); // J6: the keeper's history has every attempt
        } catch (RuntimeException e) {
          return KeeperFailures.of("recording failed attempt " + attempt, path(), e, failure);
        }
      }
      try {
        run.engine.sleeper.sleep(delay);
      } catch (InterruptedException e) {
        e.addSuppressed(failure);
        return e;
      }
      attempt++;
      ctx = ctx.withAttempt(attempt);
      OutputBuffer outputs = ctx.outputsOrNull();
      if (outputs != null) {
        outputs.clear();
      }
    }
  }

  /** Runs one attempt of the step's body, interrupted when its timeout passes (R16); returns its failure, or null. */
  private Throwable attempt() {
    AttemptTimer timer = o.timeout == null ? null : AttemptTimer.start(run, o.timeout);
    Throwable failure = null;
    try {
      step.body.run(this);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable t) {
      failure = t;
    } finally {
      if (timer != null) {
        timer.stop();
      }
    }
    return timer != null && timer.fired() ? timer.failure(step.name, failure) : failure;
  }

  // ---- R7: settling the result

  private Next settle(Throwable failure) {
    Verdict verdict = waitInstead != null ? Verdict.WAIT : Verdict.of(failure);
    return switch (verdict) {
      case SUCCEEDED -> succeeded();
      case EXPECTED -> expected(failure);
      case WAIT -> waiting(failure);
      case FAILED -> failed(failure);
      case CANCELLED -> cancelled(failure);
      case ABORTED -> aborted((AbortedByPredicateException) failure);
      case KEEPER_FAILED -> keeperStop((StateKeeperException) failure, attempt);
    };
  }

  /** R7a: write SUCCEEDED unless the keeper says the same already; record the throttle success. */
  private Next succeeded() {
    List<Throwable> continuedWaits = children == null ? null : children.waitingErrors(null);
    if (continuedWaits != null) {
      return childrenStillWaiting(continuedWaits.get(0));
    }
    if (tracked) {
      OutputBuffer outputs = ctx.outputsOrNull();
      Map<String, String> saved = outputs == null ? Map.of() : outputs.values();
      StepState target = new StepState(step.stateName, StepStatus.SUCCEEDED, step.state.successReason(),
          step.state.successMessage(), now(), saved, false);
      StepState nextStored = runningWritten ? nextTakingHandOver() : null;
      if (nextStored != null) {
        return handOver(target, nextStored);
      }
      StepsException ke = runningWritten ? write(target, null) : writeUnlessSame(target);
      if (ke != null) {
        return keeperStop(ke, attempt);
      }
    }
    if (throttleKey != null) {
      try {
        run.throttler(keeper).recordSuccess(throttleKey, now());
      } catch (RuntimeException e) {
        return keeperStop(KeeperFailures.of("recording the throttle success", path(), e, null), attempt);
      }
    }
    record(StepOutcome.SUCCEEDED, attempt, null);
    return o.finishOnSuccess ? Next.FINISH : Next.GO_ON;
  }

  /**
   * Returns the stored state of the step that runs next when its lease can be written with this
   * step's success ({@link StateKeeper#handOver}): the same keeper takes hand-overs, nothing of the
   * user's runs before that step's running write, it will run (not succeeded), and the run goes on
   * (R9 checked here: not interrupted, not past the deadline). Otherwise null: write as usual.
   */
  private StepState nextTakingHandOver() {
    StepLifecycle next = following;
    if (next == null || !next.takesHandOver || throttleKey != null || o.finishOnSuccess
        || !keeper.supportsHandOver() || !keeper.supportsRunningState()) {
      return null;
    }
    StateKeeper nextKeeper = next.options.stateKeeper != null ? next.options.stateKeeper
        : o.stateKeeper == null ? keeper : null;
    if (nextKeeper != keeper || Thread.currentThread().isInterrupted()
        || (run.deadline != null && run.pastDeadline())) {
      return null;
    }
    StepState stored;
    try {
      stored = keeper.getStepState(next.stateName);
    } catch (RuntimeException e) {
      return null; // the next step's own read reports it (R2)
    }
    return stored.isSucceeded() ? null : stored;
  }

  /** R7a with R5 of the next step: one keeper write; the next step runs on the lease it took or was refused. */
  private Next handOver(StepState target, StepState nextStored) {
    StepHeldElsewhereException held = null;
    try {
      if (!keeper.handOver(target, running(following.stateName))) {
        record(StepOutcome.SUCCEEDED, attempt, null); // only the success: interrupted meanwhile (R9 stops the run)
        return Next.GO_ON;
      }
    } catch (StepHeldElsewhereException refused) {
      held = refused; // this step's success is stored (the keeper's contract); the next step is held elsewhere
    } catch (RuntimeException e) {
      return keeperStop(KeeperFailures.of("writing state '" + target.name() + "' (SUCCEEDED) with the lease of '"
          + following.stateName + "'", path(), e, null), attempt);
    }
    record(StepOutcome.SUCCEEDED, attempt, null);
    return Next.handOver(new HandOver(nextStored, held));
  }

  /** R7b: no failure state, no onFail; a RUNNING state goes back to PENDING; the run goes on. */
  private Next expected(Throwable failure) {
    if (runningWritten) {
      StepsException ke = write(pending(StepState.REASON_EXPECTED, Causes.find(failure, ExpectedException.class)),
          failure);
      if (ke != null) {
        return keeperStop(ke, attempt);
      }
    }
    record(StepOutcome.EXPECTED_ERROR, attempt, failure);
    return Next.GO_ON;
  }

  /**
   * R7c, R11: children ended, but one of them waits (or found its lease held elsewhere) and let the
   * run go on with {@code continueOnError}: the group is not done, so it is not recorded
   * {@code SUCCEEDED} — the next run must run that child again. It waits too, and lets the run go
   * on as the child did.
   */
  private Next childrenStillWaiting(Throwable childWait) {
    RunWaitingException wait = new RunWaitingException(step.name, run.engine.policy.waitOf(childWait), childWait);
    if (tracked) {
      Throwable own = Causes.firstOf(childWait, WaitException.class, RetryableException.class,
          StepHeldElsewhereException.class);
      StepsException ke = write(pending(StepState.REASON_WAITING, own != null ? own : childWait), null);
      if (ke != null) {
        return keeperStop(ke, attempt);
      }
    }
    record(StepOutcome.WAITING, attempt, wait);
    return Next.GO_ON;
  }

  /** R7c: PENDING with the wait's own message; no onFail; stop, or go on with continueOnError. */
  private Next waiting(Throwable failure) {
    Duration d = waitInstead != null ? waitInstead : run.engine.policy.waitOf(failure);
    RunWaitingException wait = new RunWaitingException(step.name, d, failure);
    if (tracked) {
      Throwable own = Causes.firstOf(failure, WaitException.class, RetryableException.class);
      StepsException ke = write(pending(StepState.REASON_WAITING, own != null ? own : failure), failure);
      if (ke != null) {
        return keeperStop(ke, attempt);
      }
    }
    record(StepOutcome.WAITING, attempt, wait);
    return o.continueOnError ? Next.GO_ON : Next.stop(wait);
  }

  /** R7d: write FAILED, call onFail, then stop with StepFailedException or go on. */
  private Next failed(Throwable failure) {
    if (tracked) {
      StepsException ke = write(new StepState(step.stateName, StepStatus.FAILED, StepState.REASON_ERROR,
          Causes.describe(failure), now()), failure);
      if (ke != null) {
        return keeperStop(ke, attempt);
      }
    }
    if (o.onFail != null) {
      callOnFail(failure);
    }
    if (o.continueOnError) {
      LOG.debug("step {} failed, continuing: {}", step.name, failure.toString());
      record(StepOutcome.FAILED_CONTINUED, attempt, failure);
      return Next.GO_ON;
    }
    record(StepOutcome.FAILED, attempt, failure);
    return Next.stop(stepFailure(failure));
  }

  private void callOnFail(Throwable failure) {
    Exception passed = failure instanceof Exception e ? e : new StepFailedException(path(), step.name, step.stateName,
        failure);
    try {
      o.onFail.onFailure(ctx, step.name, passed);
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable handlerFailure) {
      if (handlerFailure instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.warn("onFail handler of step {} threw", step.name, handlerFailure);
      if (handlerFailure != failure && handlerFailure != passed) {
        failure.addSuppressed(handlerFailure);
      }
    }
  }

  /**
   * Returns the exception that stops the run for {@code failure}: it names the innermost step whose
   * own work failed — a nested step's failure passes through its groups, and a parallel group's
   * names its first failing child — and keeps that step's exception as the cause.
   */
  private StepFailedException stepFailure(Throwable failure) {
    if (failure instanceof StepFailedException nested) {
      return nested;
    }
    if (failure instanceof ParallelStepsException parallel) {
      for (StepsException f : parallel.failures()) {
        if (f instanceof StepFailedException child) {
          return new StepFailedException(child.stepPath(), child.stepName(), child.stateName().orElse(null), parallel);
        }
      }
    }
    return new StepFailedException(path(), step.name, step.stateName, failure);
  }

  /** R7f, R9: no FAILED state; a RUNNING state goes back to PENDING; the interrupt flag is restored. */
  private Next cancelled(Throwable failure) {
    boolean interrupted = Thread.interrupted()
        || (!(failure instanceof RunCancelledException) && Causes.isInterruption(failure));
    StepsException ke = null;
    try {
      if (runningWritten) {
        ke = write(pending(StepState.REASON_CANCELLED, failure), failure); // with the flag cleared, so it can succeed
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    if (ke != null) {
      return keeperStop(ke, attempt);
    }
    RunCancelledException cancelled = failure instanceof RunCancelledException rc ? rc
        : new RunCancelledException("step '" + path() + "' was interrupted", failure);
    record(StepOutcome.CANCELLED, attempt, cancelled);
    return Next.stop(cancelled);
  }

  /** R3 nested: a child aborted the run; a group that was RUNNING goes back to PENDING (a lease would block). */
  private Next aborted(AbortedByPredicateException abort) {
    if (runningWritten) {
      StepsException ke = write(pending(StepState.REASON_ABORTED, abort), abort);
      if (ke != null) {
        return keeperStop(ke, attempt);
      }
    }
    record(StepOutcome.ABORTED_BY_PREDICATE, attempt, abort);
    return Next.stop(abort);
  }

  /** R8: a keeper failure (or an interrupt during a keeper call) stops the run; no FAILED state, no onFail. */
  private Next keeperStop(StepsException failure, int attempts) {
    record(failure instanceof RunCancelledException ? StepOutcome.CANCELLED : StepOutcome.FAILED, attempts, failure);
    return Next.stop(failure);
  }

  // ---- writes and records

  private void record(StepOutcome outcome, int attempts, Throwable error) {
    out.set(index, outcome, attempts, start, error, children);
  }

  private StepState pending(String reason, Throwable cause) {
    return new StepState(step.stateName, StepStatus.PENDING, reason, cause == null ? "" : Causes.describe(cause), now());
  }

  /** Writes {@code target} unless the keeper's current view of the state says the same already (R7a). */
  private StepsException writeUnlessSame(StepState target) {
    try {
      stored = keeper.getStepState(step.stateName); // a fresh view: the step may have written its state itself
    } catch (RuntimeException e) {
      return KeeperFailures.of("reading state '" + step.stateName + "'", path(), e, null);
    }
    return target.sameAs(stored) ? null : write(target, null);
  }

  /** Writes {@code state}; returns the keeper failure, or null. {@code stepFailure} is attached to it (R8). */
  private StepsException write(StepState state, Throwable stepFailure) {
    try {
      keeper.setStepState(state);
      return null;
    } catch (RuntimeException e) {
      return KeeperFailures.of("writing state '" + state.name() + "' (" + state.status() + ")", path(), e, stepFailure);
    }
  }

  private Instant now() {
    return scope.run().clock.instant();
  }

  // ---- what the step bodies use

  /** Returns the path of this step from the top of the pipeline. */
  String path() {
    return out.path(index);
  }

  /** Returns the scope of this step's children: its keeper and, when traced, its span. */
  Scope childScope() {
    return run.telemetry.enabled ? scope.withOtel(scope.otel().with(span)) : scope;
  }

  /** Makes the report buffer of this step's children; the outcome of this step carries it. */
  Reports nestChildren(List<PipelineStep> declared) {
    children = out.nested(index, declared);
    return children;
  }
}
