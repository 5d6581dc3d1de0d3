package dev.stepsengine.k8s;

import dev.stepsengine.ParallelStepsException;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.RetryableException;
import dev.stepsengine.RunResult;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.BaseControl;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * How a JOSDK reconciler answers a run (SEMANTICS K14): what a failure does ({@link FailureMode}),
 * whether a success is resynced, and how a deletion pipeline run from {@code Cleaner} keeps or
 * removes the finalizer.
 *
 * <ul>
 *   <li>A success reschedules nothing (JOSDK is event-driven) unless {@link Builder#resyncEvery} is
 *       set; in {@link FailureMode#FIXED_DELAYS} without a resync it keeps the run's delay
 *       ({@code ReconcilePolicy.onSuccess}, 30 s by default).
 *   <li>A wait or an abort by predicate reschedules after the run's delay, in every mode.
 *   <li>A failure (a failed or cancelled run) throws {@link ReconcileFailedException}
 *       ({@link FailureMode#JOSDK_RETRY}), reschedules with a growing delay
 *       ({@link FailureMode#BACKOFF}) or after the run's delay ({@link FailureMode#FIXED_DELAYS}).
 * </ul>
 *
 * <p>The keeper has always written the status before a control is made, so no control asks JOSDK
 * to patch it. One instance serves every resource of a controller; it is thread-safe.
 *
 * <pre>{@code
 * ReconcileControls controls = ReconcileControls.builder().backoff(Duration.ofSeconds(5), Duration.ofMinutes(5)).build();
 * return controls.update(engine.runAsReconcilerResponse(), keeper);
 * }</pre>
 */
public final class ReconcileControls {
  private static final ReconcileControls JOSDK_RETRY = builder().failureMode(FailureMode.JOSDK_RETRY).build();

  private final FailureMode failureMode;
  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final Duration resync;
  private final Clock clock;
  /** Consecutive failures that left no condition to read them from, by resource. */
  private final ConcurrentMap<String, Integer> untrackedFailures = new ConcurrentHashMap<>();

  private ReconcileControls(Builder b) {
    this.failureMode = b.failureMode;
    this.initialDelay = b.initialDelay;
    this.multiplier = b.multiplier;
    this.maxDelay = b.maxDelay;
    this.resync = b.resync;
    this.clock = b.clock;
  }

  /**
   * Returns the controls that hand failures to JOSDK's retry, with no resync.
   *
   * @return the controls
   */
  public static ReconcileControls josdkRetry() {
    return JOSDK_RETRY;
  }

  /**
   * Starts a builder: exponential backoff from 5 s, doubling, capped at 5 min, no resync.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns what a failure does.
   *
   * @return the failure mode
   */
  public FailureMode failureMode() {
    return failureMode;
  }

  /**
   * Returns the resync interval after a success.
   *
   * @return the interval, or empty when a success reschedules nothing
   */
  public Optional<Duration> resync() {
    return Optional.ofNullable(resync);
  }

  /**
   * Returns the control a reconcile returns for {@code result}. It never asks JOSDK to patch: the
   * keeper already wrote the status.
   *
   * @param <P> the resource type
   * @param result the run, from {@code runAsReconcilerResponse()}
   * @param keeper the keeper the run wrote through (failed conditions are read from it)
   * @return a control that reschedules as this policy says
   * @throws ReconcileFailedException when the run failed and the mode is {@link FailureMode#JOSDK_RETRY}
   */
  public <P extends HasMetadata> UpdateControl<P> update(ReconcileResult result, ConditionsStateKeeper<?> keeper) {
    return schedule(UpdateControl.noUpdate(), delayAfter(result, keeper));
  }

  /**
   * Returns the control a {@code Cleaner.cleanup} returns for the deletion pipeline's
   * {@code result}: the finalizer is removed only when the run succeeded; otherwise it stays and
   * the deletion is rescheduled (a wait or abort after the run's delay, a failure as the mode says).
   *
   * @param result the deletion run
   * @param keeper the keeper the run wrote through
   * @return the delete control
   * @throws ReconcileFailedException when the run failed and the mode is {@link FailureMode#JOSDK_RETRY}
   */
  public DeleteControl delete(ReconcileResult result, ConditionsStateKeeper<?> keeper) {
    if (result.isSuccess()) {
      forget(keeper);
      return DeleteControl.defaultDelete();
    }
    return schedule(DeleteControl.noFinalizerRemoval(), delayAfter(result, keeper));
  }

  /**
   * Runs a deletion pipeline and returns its delete control, holding back the keeper's status
   * write until the outcome is known: a run that succeeds writes nothing (the finalizer's removal
   * is the deletion's one write), any other run writes its conditions before the control is made,
   * so a terminating object shows why it is still there.
   *
   * @param keeper the keeper over the object being deleted
   * @param engine builds the deletion engine over the keeper it is given
   * @return the delete control, as {@link #delete} makes it
   * @throws ReconcileFailedException when the run failed and the mode is {@link FailureMode#JOSDK_RETRY}
   */
  public DeleteControl cleanup(ConditionsStateKeeper<?> keeper,
      Function<? super dev.stepsengine.StateKeeper, dev.stepsengine.StepsEngine> engine) {
    return delete(DeleteControls.runHoldingWrite(keeper, engine), keeper);
  }

  /**
   * Runs a deletion engine built once (for every object) over {@code keeper} and returns its
   * delete control, holding back the status write as {@link #cleanup(ConditionsStateKeeper, Function)}
   * does.
   *
   * @param keeper the keeper over the object being deleted
   * @param engine the deletion engine, run with {@link dev.stepsengine.StepsEngine#reconcileWith}
   * @return the delete control, as {@link #delete} makes it
   * @throws ReconcileFailedException when the run failed and the mode is {@link FailureMode#JOSDK_RETRY}
   * @throws NullPointerException {@code keeper} or {@code engine} is null
   * @throws IllegalArgumentException a step declares outputs the keeper cannot store (R18); nothing ran
   */
  public DeleteControl cleanup(ConditionsStateKeeper<?> keeper, dev.stepsengine.StepsEngine engine) {
    Objects.requireNonNull(engine, "engine");
    return delete(DeleteControls.runHoldingWrite(keeper, k -> engine), keeper);
  }

  /**
   * Returns the answer to JOSDK's {@code updateErrorStatus}: no status patch, since the keeper
   * already wrote the failure into the conditions; JOSDK's retry goes on.
   *
   * @param <P> the resource type
   * @param error the exception the reconcile threw
   * @return a control that patches nothing and keeps JOSDK's retry
   */
  public <P extends HasMetadata> ErrorStatusUpdateControl<P> errorStatus(Exception error) {
    Objects.requireNonNull(error, "error");
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  /**
   * Returns when to reconcile again after {@code result}.
   *
   * @param result the run
   * @param keeper the keeper the run wrote through
   * @return the delay; empty = reschedule nothing
   * @throws ReconcileFailedException when the run failed and the mode is {@link FailureMode#JOSDK_RETRY}
   */
  public Optional<Duration> delayAfter(ReconcileResult result, ConditionsStateKeeper<?> keeper) {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(keeper, "keeper");
    RunResult outcome = result.result();
    switch (outcome) {
      case SUCCEEDED:
        forget(keeper);
        if (resync != null) {
          return Optional.of(resync);
        }
        return failureMode == FailureMode.FIXED_DELAYS ? result.requeueAfter() : Optional.empty();
      case WAITING:
      case ABORTED:
        return result.requeueAfter();
      case FAILED:
      case CANCELLED:
        return failureDelay(result, keeper);
    }
    throw new IllegalStateException("unknown run result " + outcome);
  }

  private Optional<Duration> failureDelay(ReconcileResult result, ConditionsStateKeeper<?> keeper) {
    switch (failureMode) {
      case JOSDK_RETRY:
        throw new ReconcileFailedException(result);
      case FIXED_DELAYS:
        return result.requeueAfter();
      case BACKOFF:
        Duration backoff = backoff(result, keeper);
        Duration asked = result.error().map(ReconcileControls::retryAfter).orElse(null);
        // a step that says when to retry (RetryableException.after, e.g. a server's Retry-After)
        // is not retried sooner; the growing backoff still applies when it is longer
        return Optional.of(asked != null && asked.compareTo(backoff) > 0 ? asked : backoff);
    }
    throw new IllegalStateException("unknown failure mode " + failureMode);
  }

  /**
   * Returns the longest {@code retryAfter} a {@link RetryableException} in {@code failure}'s cause
   * chain (or in a parallel group's failures) asks for; {@code null} when none asks.
   */
  private static Duration retryAfter(Throwable failure) {
    Duration longest = null;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof RetryableException r && r.retryAfter().isPresent()) {
        longest = longer(longest, r.retryAfter().get());
      }
      if (t instanceof ParallelStepsException p) {
        for (Throwable child : p.failures()) {
          longest = longer(longest, retryAfter(child));
        }
      }
    }
    return longest;
  }

  private static Duration longer(Duration a, Duration b) {
    return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The consecutive failures are counted from how long the failing condition has been
   * {@code False}: the n-th failure of a resource rescheduled on time comes at least
   * {@code initial * (1 + m + ... + m^(n-2))} after the first, so that sum decides n. A reconcile
   * brought forward by another event therefore does not count as a further failure.
   */
  private Duration backoff(ReconcileResult result, ConditionsStateKeeper<?> keeper) {
    Optional<Instant> since = failingSince(result, keeper);
    if (since.isPresent()) {
      untrackedFailures.remove(key(keeper));
      Duration elapsed = Duration.between(since.get(), clock.instant());
      return backoffAfter(elapsed.isNegative() ? Duration.ZERO : elapsed);
    }
    int failures = untrackedFailures.merge(key(keeper), 1, Integer::sum);
    return backoffFor(failures);
  }

  /** Returns the delay after a failure that has lasted {@code elapsed} since its first occurrence. */
  Duration backoffAfter(Duration elapsed) {
    Duration waited = Duration.ZERO;
    Duration delay = initialDelay;
    while (delay.compareTo(maxDelay) < 0 && waited.plus(delay).compareTo(elapsed) <= 0) {
      waited = waited.plus(delay);
      delay = grow(delay);
    }
    return delay;
  }

  /** Returns the delay after the {@code failures}-th consecutive failure (1 = the first). */
  Duration backoffFor(int failures) {
    Duration delay = initialDelay;
    for (int i = 1; i < failures && delay.compareTo(maxDelay) < 0; i++) {
      delay = grow(delay);
    }
    return delay;
  }

  private Duration grow(Duration delay) {
    double next = delay.toNanos() * multiplier;
    return next >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) next);
  }

  /** Returns when the earliest condition of a failed step turned {@code False}. */
  private static Optional<Instant> failingSince(ReconcileResult result, ConditionsStateKeeper<?> keeper) {
    Instant earliest = null;
    for (StepReport step : result.report().allSteps()) {
      if (step.outcome() != StepOutcome.FAILED || step.stateName().isEmpty()) {
        continue;
      }
      Optional<Condition> condition = keeper.condition(step.stateName().get());
      if (condition.isPresent() && "False".equals(condition.get().getStatus())) {
        Instant at = parse(condition.get().getLastTransitionTime());
        if (at != null && (earliest == null || at.isBefore(earliest))) {
          earliest = at;
        }
      }
    }
    return Optional.ofNullable(earliest);
  }

  private static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void forget(ConditionsStateKeeper<?> keeper) {
    if (!untrackedFailures.isEmpty()) {
      untrackedFailures.remove(key(keeper));
    }
  }

  private static String key(ConditionsStateKeeper<?> keeper) {
    HasMetadata resource = keeper.resource();
    String uid = resource.getMetadata().getUid();
    return uid != null ? uid : keeper.getSummary();
  }

  private static <C extends BaseControl<C>> C schedule(C control, Optional<Duration> delay) {
    delay.ifPresent(control::rescheduleAfter);
    return control;
  }

  @Override
  public String toString() {
    return "ReconcileControls[" + failureMode
        + (failureMode == FailureMode.BACKOFF ? " " + initialDelay + "x" + multiplier + "..." + maxDelay : "")
        + ", resync=" + (resync == null ? "none" : resync) + "]";
  }

  /** Builds {@link ReconcileControls}. */
  public static final class Builder {
    private FailureMode failureMode = FailureMode.BACKOFF;
    private Duration initialDelay = Duration.ofSeconds(5);
    private double multiplier = 2;
    private Duration maxDelay = Duration.ofMinutes(5);
    private Duration resync;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets what a failure does.
     *
     * @param mode the failure mode
     * @return this builder
     */
    public Builder failureMode(FailureMode mode) {
      this.failureMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * Chooses {@link FailureMode#BACKOFF}, doubling from {@code initial} up to {@code max}.
     *
     * @param initial the delay after the first failure
     * @param max the cap
     * @return this builder
     */
    public Builder backoff(Duration initial, Duration max) {
      return backoff(initial, 2, max);
    }

    /**
     * Chooses {@link FailureMode#BACKOFF}: the n-th consecutive failure waits
     * {@code initial * multiplier^(n-1)}, at most {@code max}.
     *
     * @param initial the delay after the first failure
     * @param multiplier how much each further failure multiplies the delay by; at least 1
     * @param max the cap; not shorter than {@code initial}
     * @return this builder
     */
    public Builder backoff(Duration initial, double multiplier, Duration max) {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || initial.isZero()) {
        throw new IllegalArgumentException("initial must be positive: " + initial);
      }
      if (max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("max " + max + " is shorter than initial " + initial);
      }
      if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
        throw new IllegalArgumentException("multiplier must be at least 1: " + multiplier);
      }
      this.failureMode = FailureMode.BACKOFF;
      this.initialDelay = initial;
      this.multiplier = multiplier;
      this.maxDelay = max;
      return this;
    }

    /**
     * Reschedules a successful reconcile after {@code interval} (by default it reschedules nothing).
     *
     * @param interval the resync interval; positive
     * @return this builder
     */
    public Builder resyncEvery(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive: " + interval);
      }
      this.resync = interval;
      return this;
    }

    /**
     * Sets the clock the backoff measures failures with; give it the keeper's and engine's clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Returns the controls.
     *
     * @return the controls
     */
    public ReconcileControls build() {
      return new ReconcileControls(this);
    }
  }
}
