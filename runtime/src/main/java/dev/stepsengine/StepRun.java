package dev.stepsengine;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution of one step that passed its checks: running state (R5), attempts and retries
 * (R6), and what the result does (R7a–R7f), with the body of each kind of step (R10–R12).
 */
final class StepRun {
  private static final Logger LOG = LoggerFactory.getLogger(StepsEngine.class);

  /** How an attempt's result is handled. */
  private enum Kind { SUCCESS, EXPECTED, WAIT, CANCELLED, ABORT, KEEPER, FAILED }

  private final Run run;
  private final PipelineStep step;
  private final StepOptions o;
  private final StateKeeper keeper;
  private final Run.Scope scope;
  private final String stateName;
  private final boolean tracked;
  private final String throttleKey;
  private StepContext ctx;
  private StepState stored;
  private boolean runningWritten;
  private final Reports out;
  private final int index;
  private Reports children;

  StepRun(Run run, PipelineStep step, StateKeeper keeper, Run.Scope scope, StepContext ctx, StepState stored, String throttleKey,
      Reports out, int index) {
    this.out = out;
    this.index = index;
    this.run = run;
    this.step = step;
    this.o = step.options();
    this.keeper = keeper;
    this.scope = scope;
    this.ctx = ctx;
    this.stored = stored;
    this.throttleKey = throttleKey;
    this.stateName = o.state == null ? null : o.state.name();
    this.tracked = stateName != null && keeper != null;
  }

  /** A predicate threw: the step fails without running (R3, R7d). */
  StepsException failedBeforeRun(Throwable failure, long start) {
    Span span = run.telemetry().startStep(scope.otel(), o.name, stateName);
    try {
      return complete(failure, null, 0, start);
    } finally {
      run.telemetry().endStep(span, o.name, out.outcome(index), 0, failure, System.nanoTime() - start);
    }
  }

  /** The hot path's step threw: handle it as any other step's failure (R7). */
  StepsException failedPlain(Throwable failure, long start) {
    return complete(failure, null, 1, start);
  }

  StepsException run(long start) {
    Telemetry telemetry = run.telemetry();
    Span span = telemetry.startStep(scope.otel(), o.name, stateName);
    Context stepOtel = scope.otel();
    if (telemetry.enabled) {
      stepOtel = stepOtel.with(span);
      ctx = ctx.withOtelContext(stepOtel);
    }
    out.notifyStarted(index);
    Run.MdcScope previousMdc = Run.MdcScope.enter(o.name, span);
    StepOutcome outcome = StepOutcome.FAILED;
    int attempt = 1;
    Throwable failure = null;
    try {
      boolean runningState;
      try {
        runningState = tracked && keeper.supportsRunningState();
      } catch (RuntimeException e) {
        StateKeeperException ke = keeperFailure("asking whether the keeper tracks running state", e, null);
        failure = ke;
        return record(outcome, 0, start, ke, ke);
      }
      if (runningState) {
        try {
          keeper.setStepState(new StepState(stateName, StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "",
              run.clock.instant()));
          runningWritten = true;
        } catch (StepHeldElsewhereException held) {
          RunWaitingException wait = new RunWaitingException(o.name, run.engine.policy.waitOf(held), held);
          outcome = StepOutcome.HELD_ELSEWHERE;
          failure = wait;
          return record(outcome, 0, start, wait, o.continueOnError ? null : wait);
        } catch (RuntimeException e) {
          StateKeeperException ke = keeperFailure("writing state '" + stateName + "' (RUNNING)", e, null);
          failure = ke;
          return record(outcome, 0, start, ke, ke);
        }
      }
      if (throttleKey != null) {
        try {
          run.engine.throttler.recordRun(throttleKey, run.clock.instant());
        } catch (RuntimeException e) {
          StateKeeperException ke = keeperFailure("recording the throttle start", e, null);
          failure = ke;
          return record(outcome, 0, start, ke, ke);
        }
      }
      Duration waitInstead = null;
      RetryPolicy retry = o.retry;
      for (;;) {
        try {
          body(stepOtel);
          failure = null;
          break;
        } catch (VirtualMachineError fatal) {
          failure = fatal;
          throw fatal;
        } catch (Throwable t) {
          failure = t;
          if (retry.maxAttempts() == 1 || classify(t) != Kind.FAILED || !retry.retries(t)) {
            break;
          }
          Duration delay = retry.backoffAfter(attempt);
          RetryableException retryable = find(t, RetryableException.class);
          if (retryable != null && retryable.retryAfter().isPresent()) {
            delay = retryable.retryAfter().get();
            if (delay.compareTo(retry.maxBackoff()) > 0) {
              waitInstead = delay; // too long to sleep on, even when attempts are left or used up (R6)
              break;
            }
          }
          if (attempt >= retry.maxAttempts()) {
            break;
          }
          LOG.debug("step {}: attempt {} failed, retrying in {}", o.name, attempt, delay, t);
          try {
            run.engine.sleeper.sleep(delay);
          } catch (InterruptedException e) {
            e.addSuppressed(t);
            failure = e;
            break;
          }
          attempt++;
          ctx = ctx.withAttempt(attempt);
        }
      }
      StepsException signal = complete(failure, waitInstead, attempt, start);
      outcome = out.outcome(index);
      return signal;
    } finally {
      previousMdc.leave();
      telemetry.endStep(span, o.name, outcome, attempt, failure, System.nanoTime() - start);
    }
  }

  /** Runs the step's own work once. */
  private void body(Context stepOtel) throws Exception {
    if (step instanceof SimpleStep s) {
      s.action.run(ctx);
    } else if (step instanceof GroupedSteps g) {
      runGroup(g.steps, stepOtel);
    } else if (step instanceof ParallelSteps p) {
      children = out.nested(index, p.steps);
      new ParallelRun(run, p, new Run.Scope(keeper, stepOtel), children).run();
    } else if (step instanceof DynamicStep d) {
      List<PipelineStep> steps = d.supplier.steps(ctx);
      if (steps == null) {
        throw new IllegalStateException("dynamic step '" + o.name + "' returned null instead of a list of steps");
      }
      List<String> problems = StepGraph.problems(o.name, steps, run.engine.stateOwners);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("dynamic step '" + o.name + "' returned invalid steps: "
            + String.join("; ", problems));
      }
      runGroup(steps, stepOtel);
    }
  }

  private void runGroup(List<PipelineStep> steps, Context stepOtel) {
    children = out.nested(index, steps);
    StepsException stop = run.runSequence(new Run.Scope(keeper, stepOtel), children, System.nanoTime());
    if (stop != null) {
      throw stop;
    }
  }

  /** Applies R7a–R7f to the last attempt's result. */
  private StepsException complete(Throwable failure, Duration waitInstead, int attempts, long start) {
    Kind kind = failure == null ? Kind.SUCCESS : waitInstead != null ? Kind.WAIT : classify(failure);
    switch (kind) {
      case SUCCESS: {
        StepsException ke = null;
        if (tracked) {
          StepState target = new StepState(stateName, StepStatus.SUCCEEDED, o.state.successReason(),
              o.state.successMessage(), run.clock.instant());
          ke = writeUnlessSame(target);
        }
        if (ke == null && throttleKey != null) {
          try {
            run.engine.throttler.recordSuccess(throttleKey, run.clock.instant());
          } catch (RuntimeException e) {
            ke = keeperFailure("recording the throttle success", e, null);
          }
        }
        if (ke != null) {
          return record(StepOutcome.FAILED, attempts, start, ke, ke);
        }
        record(StepOutcome.SUCCEEDED, attempts, start, null, null);
        return o.finishOnSuccess ? Run.FINISH : null;
      }
      case EXPECTED: {
        StepsException ke = runningWritten
            ? write(pending(StepState.REASON_EXPECTED, find(failure, ExpectedException.class)), failure) : null;
        return finished(StepOutcome.EXPECTED_ERROR, attempts, start, failure, ke, null);
      }
      case WAIT: {
        Duration d = waitInstead != null ? waitInstead : run.engine.policy.waitOf(failure);
        RunWaitingException wait = new RunWaitingException(o.name, d, failure);
        StepsException ke = tracked ? write(pending(StepState.REASON_WAITING, failure), failure) : null;
        return finished(StepOutcome.WAITING, attempts, start, wait, ke, o.continueOnError ? null : wait);
      }
      case CANCELLED: {
        boolean interrupted = Thread.interrupted() || find(failure, InterruptedException.class) != null;
        StepsException ke = null;
        try {
          if (runningWritten) {
            ke = write(pending(StepState.REASON_CANCELLED, failure), failure);
          }
        } finally {
          if (interrupted) {
            Thread.currentThread().interrupt();
          }
        }
        RunCancelledException cancelled = failure instanceof RunCancelledException rc ? rc
            : new RunCancelledException("step '" + o.name + "' was interrupted", failure);
        return finished(StepOutcome.CANCELLED, attempts, start, cancelled, ke, cancelled);
      }
      case ABORT: {
        // a child aborted the run: a group must not stay RUNNING (a lease would block the next run)
        StepsException ke = runningWritten ? write(pending(StepState.REASON_ABORTED, failure), failure) : null;
        return finished(StepOutcome.ABORTED_BY_PREDICATE, attempts, start, failure, ke, (StepsException) failure);
      }
      case KEEPER:
        return finished(StepOutcome.FAILED, attempts, start, failure, null, (StepsException) failure);
      case FAILED:
      default:
        return failed(failure, attempts, start);
    }
  }

  /** R7d: write FAILED, call onFail, then stop or go on. */
  private StepsException failed(Throwable failure, int attempts, long start) {
    if (tracked) {
      StepsException ke = write(new StepState(stateName, StepStatus.FAILED, StepState.REASON_ERROR,
          StepFailedException.describe(failure), run.clock.instant()), failure);
      if (ke != null) {
        return record(StepOutcome.FAILED, attempts, start, ke, ke);
      }
    }
    if (o.onFail != null) {
      Exception passed = failure instanceof Exception e ? e : new StepFailedException(o.name, stateName, failure);
      try {
        o.onFail.onFailure(ctx, o.name, passed);
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable handlerFailure) {
        if (handlerFailure instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        LOG.warn("onFail handler of step {} threw", o.name, handlerFailure);
        if (handlerFailure != failure && handlerFailure != passed) {
          failure.addSuppressed(handlerFailure);
        }
      }
    }
    if (o.continueOnError) {
      LOG.debug("step {} failed, continuing: {}", o.name, failure.toString());
      return record(StepOutcome.FAILED_CONTINUED, attempts, start, failure, null);
    }
    return record(StepOutcome.FAILED, attempts, start, failure, new StepFailedException(o.name, stateName, failure));
  }

  private StepsException finished(StepOutcome outcome, int attempts, long start, Throwable error,
      StepsException keeperFailure, StepsException stop) {
    if (keeperFailure != null) {
      return record(StepOutcome.FAILED, attempts, start, keeperFailure, keeperFailure);
    }
    return record(outcome, attempts, start, error, stop);
  }

  /** Records this step's outcome and returns {@code stop}. */
  private StepsException record(StepOutcome outcome, int attempts, long start, Throwable error, StepsException stop) {
    out.set(index, outcome, attempts, start, error, children);
    return stop;
  }

  private StepState pending(String reason, Throwable cause) {
    String message = cause == null ? "" : StepFailedException.describe(cause);
    return new StepState(stateName, StepStatus.PENDING, reason, message, run.clock.instant());
  }

  /** Writes {@code target} unless the stored state already says the same (R7a). */
  private StepsException writeUnlessSame(StepState target) {
    if (!runningWritten) {
      if (stored == null) {
        try {
          stored = keeper.getStepState(stateName);
        } catch (RuntimeException e) {
          return keeperFailure("reading state '" + stateName + "'", e, null);
        }
      }
      if (target.sameAs(stored)) {
        return null;
      }
    }
    return write(target, null);
  }

  private StepsException write(StepState state, Throwable stepFailure) {
    try {
      keeper.setStepState(state);
      return null;
    } catch (RuntimeException e) {
      return keeperFailure("writing state '" + state.name() + "' (" + state.status() + ")", e, stepFailure);
    }
  }

  private StateKeeperException keeperFailure(String what, RuntimeException e, Throwable stepFailure) {
    StateKeeperException failure = new StateKeeperException(what + " of step '" + o.name + "' failed: "
        + StepFailedException.describe(e), e);
    if (stepFailure != null) {
      failure.addSuppressed(stepFailure);
    }
    return failure;
  }

  private static Kind classify(Throwable t) {
    if (t instanceof ParallelStepsException) {
      // some child failed; its waiting siblings do not make the group a wait (R10)
      return Thread.currentThread().isInterrupted() ? Kind.CANCELLED : Kind.FAILED;
    }
    if (t instanceof RunCancelledException) {
      return Kind.CANCELLED;
    } else if (t instanceof AbortedByPredicateException) {
      return Kind.ABORT;
    } else if (t instanceof StateKeeperException) {
      return Kind.KEEPER;
    }
    if (find(t, InterruptedException.class) != null || Thread.currentThread().isInterrupted()) {
      return Kind.CANCELLED;
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof ExpectedException) {
        return Kind.EXPECTED;
      }
      if (c instanceof WaitException || c instanceof RunWaitingException) {
        return Kind.WAIT;
      }
    }
    return Kind.FAILED;
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
