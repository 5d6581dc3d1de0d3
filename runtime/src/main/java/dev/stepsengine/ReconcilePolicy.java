package dev.stepsengine;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a run into a requeue delay for a Kubernetes controller (SEMANTICS R13). Defaults: success
 * 30 s, wait its own duration (3 s when none), abort by predicate 3 s at any nesting depth,
 * {@link RetryableException} its {@code retryAfter}, any other failure 10 s. The whole cause chain
 * and every parallel failure are walked; when several apply, the shortest delay wins.
 */
public final class ReconcilePolicy {
  private static final ReconcilePolicy DEFAULTS = builder().build();

  private final Duration onSuccess;
  private final Duration defaultWait;
  private final Duration onAbort;
  private final Duration onFailure;

  private ReconcilePolicy(Builder b) {
    this.onSuccess = b.onSuccess;
    this.defaultWait = b.defaultWait;
    this.onAbort = b.onAbort;
    this.onFailure = b.onFailure;
  }

  /**
   * Returns the default policy.
   *
   * @return the default policy
   */
  public static ReconcilePolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the defaults.
   *
   * @return a builder starting from the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the delay after a success; empty when a success is not requeued.
   *
   * @return the delay after a success
   */
  public Optional<Duration> onSuccess() {
    return Optional.ofNullable(onSuccess);
  }

  /**
   * Returns the wait used when a step waits without a duration.
   *
   * @return the wait used when a step waits without a duration
   */
  public Duration defaultWait() {
    return defaultWait;
  }

  /**
   * Returns the delay after an abort by predicate.
   *
   * @return the delay after an abort by predicate
   */
  public Duration onAbort() {
    return onAbort;
  }

  /**
   * Returns the delay after any other failure.
   *
   * @return the delay after any other failure
   */
  public Duration onFailure() {
    return onFailure;
  }

  /**
   * Returns the requeue delay for {@code report}; empty means no requeue.
   *
   * @param report the run's report
   * @return the requeue delay for {@code report}
   */
  public Optional<Duration> requeueAfter(RunReport report) {
    Optional<StepsException> error = report.error();
    Duration best = error.isPresent() ? delayFor(error.get()) : onSuccess;
    List<Throwable> waits = report.waitingErrors();
    if (waits != null) {
      for (Throwable wait : waits) {
        best = min(best, delayFor(wait));
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * Returns the delay for a failure: the shortest that applies anywhere in its cause chain or parallel failures.
   *
   * @param failure the exception the step threw
   * @return the delay for a failure
   */
  public Duration delayFor(Throwable failure) {
    Duration specific = null;
    for (Throwable t : Causes.chain(failure)) {
      if (t instanceof ParallelStepsException p) {
        Duration best = null;
        for (StepsException f : p.failures()) {
          best = min(best, delayFor(f));
        }
        return min(specific, best);
      }
      specific = min(specific, specificDelay(t));
      if (t instanceof RunWaitingException) {
        break; // the engine already settled this wait's duration; what it wraps is detail
      }
    }
    return specific == null ? onFailure : specific;
  }

  /**
   * Returns how long a waiting step waits: what the first {@link RunWaitingException},
   * {@link WaitException} or {@link StepHeldElsewhereException} in the chain asks for, and the
   * default wait when that is nothing, zero or negative (a wait must never become a hot loop).
   */
  Duration waitOf(Throwable failure) {
    Throwable t = Causes.firstOf(failure, RunWaitingException.class, WaitException.class,
        StepHeldElsewhereException.class);
    return t == null ? defaultWait : specificDelay(t);
  }

  private Duration specificDelay(Throwable t) {
    Duration d = declaredDelay(t);
    return d != null && (d.isNegative() || d.isZero()) ? defaultWait : d;
  }

  private Duration declaredDelay(Throwable t) {
    if (t instanceof RunWaitingException w) {
      return w.waitFor();
    } else if (t instanceof WaitException w) {
      return w.duration().orElse(defaultWait);
    } else if (t instanceof StepHeldElsewhereException h) {
      return h.remaining();
    } else if (t instanceof AbortedByPredicateException) {
      return onAbort;
    } else if (t instanceof RetryableException r) {
      return r.retryAfter().orElse(null);
    }
    return null;
  }

  private static Duration min(Duration a, Duration b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Builds a {@link ReconcilePolicy}. */
  public static final class Builder {
    private Duration onSuccess = Duration.ofSeconds(30);
    private Duration defaultWait = Duration.ofSeconds(3);
    private Duration onAbort = Duration.ofSeconds(3);
    private Duration onFailure = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * Requeues a successful run after {@code delay}.
     *
     * @param delay how long to wait before the next run
     * @return this builder
     */
    public Builder onSuccess(Duration delay) {
      this.onSuccess = positive(delay, "onSuccess");
      return this;
    }

    /**
     * Does not requeue a successful run.
     *
     * @return this builder
     */
    public Builder noRequeueOnSuccess() {
      this.onSuccess = null;
      return this;
    }

    /**
     * Sets the wait used when a step waits without a duration.
     *
     * @param delay how long to wait before the next run
     * @return this builder
     */
    public Builder defaultWait(Duration delay) {
      this.defaultWait = positive(delay, "defaultWait");
      return this;
    }

    /**
     * Sets the delay after an abort by predicate.
     *
     * @param delay how long to wait before the next run
     * @return this builder
     */
    public Builder onAbort(Duration delay) {
      this.onAbort = positive(delay, "onAbort");
      return this;
    }

    /**
     * Sets the delay after any other failure.
     *
     * @param delay how long to wait before the next run
     * @return this builder
     */
    public Builder onFailure(Duration delay) {
      this.onFailure = positive(delay, "onFailure");
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return the policy
     */
    public ReconcilePolicy build() {
      return new ReconcilePolicy(this);
    }

    private static Duration positive(Duration d, String what) {
      return Checks.positive(d, what);
    }
  }
}
