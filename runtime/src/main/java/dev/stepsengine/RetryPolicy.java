package dev.stepsengine;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * In-process retries of a step (SEMANTICS R6): at most {@code maxAttempts} attempts; between them
 * the engine sleeps on its clock, starting at {@code initialBackoff} and multiplying by
 * {@code multiplier} up to {@code maxBackoff}. {@link ExpectedException} and {@link WaitException}
 * are never retried; {@link RetryableException} always is (its {@code retryAfter} replaces the
 * backoff, or becomes a wait when longer than {@code maxBackoff}).
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, t -> false);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final Predicate<? super Throwable> retryOn;

  private RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
      Predicate<? super Throwable> retryOn) {
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.multiplier = multiplier;
    this.maxBackoff = maxBackoff;
    this.retryOn = retryOn;
  }

  /** Returns the policy of exactly one attempt. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** Returns a builder: 3 attempts, 1 s initial backoff, multiplier 2, max backoff 30 s, every exception. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the maximum number of attempts (1 = no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** Returns the backoff before the second attempt. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** Returns the factor applied to the backoff after each attempt. */
  public double multiplier() {
    return multiplier;
  }

  /** Returns the longest backoff. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns whether {@code failure} may be retried under this policy: a {@link RetryableException}
   * anywhere in its cause chain always may; anything else when {@code retryOn} accepts it.
   */
  public boolean retries(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RetryableException) {
        return true;
      }
    }
    return retryOn.test(failure);
  }

  /** Returns the backoff after attempt {@code attempt} (1-based) failed. */
  public Duration backoffAfter(int attempt) {
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 1);
    long max = maxBackoff.toNanos();
    return Duration.ofNanos(nanos >= max ? max : (long) nanos);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", multiplier=" + multiplier + ", maxBackoff=" + maxBackoff + "]";
  }

  /** Builds a {@link RetryPolicy}; {@link #build()} checks that the settings are consistent (SEMANTICS V7). */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Predicate<? super Throwable> retryOn = t -> true;

    private Builder() {}

    /** Sets the maximum number of attempts, at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Sets the backoff before the second attempt (zero or positive). */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
      return this;
    }

    /** Sets the factor applied after each attempt, at least 1. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** Sets the longest backoff, at least the initial backoff. */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
      return this;
    }

    /** Retries only failures {@code retryOn} accepts ({@link RetryableException} is always retried). */
    public Builder retryOn(Predicate<? super Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
      return this;
    }

    /** Retries only failures that are instances of one of {@code types}. */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      Class<?>[] copy = types.clone();
      return retryOn(t -> {
        for (Class<?> c : copy) {
          if (c.isInstance(t)) {
            return true;
          }
        }
        return false;
      });
    }

    /** Returns the policy; throws {@link IllegalArgumentException} naming the inconsistent setting. */
    public RetryPolicy build() {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("STEPS-V7: retry maxAttempts must be at least 1, was " + maxAttempts);
      }
      if (multiplier < 1.0 || Double.isNaN(multiplier)) {
        throw new IllegalArgumentException("STEPS-V7: retry multiplier must be at least 1, was " + multiplier);
      }
      if (initialBackoff.isNegative()) {
        throw new IllegalArgumentException("STEPS-V7: retry initialBackoff must not be negative, was " + initialBackoff);
      }
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("STEPS-V7: retry maxBackoff (" + maxBackoff
            + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
      }
      return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, retryOn);
    }
  }
}
