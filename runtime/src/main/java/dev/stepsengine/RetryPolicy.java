package dev.stepsengine;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * In-process retries of a step (SEMANTICS R6): at most {@code maxAttempts} attempts; between them
 * the engine sleeps on its clock, starting at {@code initialBackoff} and multiplying by
 * {@code multiplier} up to {@code maxBackoff}. {@link ExpectedException} and {@link WaitException}
 * are never retried; {@link RetryableException} always is (its {@code retryAfter} replaces the
 * backoff, or becomes a wait when longer than {@code maxBackoff}). With {@code jitter}, each backoff
 * is spread randomly by up to that fraction either way, so many workers do not retry in step. A
 * backoff that would end after the run deadline is not slept (R9).
 */
public final class RetryPolicy {
  private static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ZERO, 1.0, Duration.ZERO, t -> false, 0.0);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double multiplier;
  private final Duration maxBackoff;
  private final Predicate<? super Throwable> retryOn;
  private final double jitter;

  private RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
      Predicate<? super Throwable> retryOn, double jitter) {
    this.jitter = jitter;
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.multiplier = multiplier;
    this.maxBackoff = maxBackoff;
    this.retryOn = retryOn;
  }

  /**
   * Returns the policy of exactly one attempt.
   *
   * @return the policy of exactly one attempt
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * Returns a builder: 3 attempts, 1 s initial backoff, multiplier 2, max backoff 30 s, every exception.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the maximum number of attempts (1 = no retry).
   *
   * @return the maximum number of attempts (1 = no retry)
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the backoff before the second attempt.
   *
   * @return the backoff before the second attempt
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the factor applied to the backoff after each attempt.
   *
   * @return the factor applied to the backoff after each attempt
   */
  public double multiplier() {
    return multiplier;
  }

  /**
   * Returns the longest backoff.
   *
   * @return the longest backoff
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns whether {@code failure} may be retried under this policy: a {@link RetryableException}
   * anywhere in its cause chain always may; anything else when {@code retryOn} accepts it.
   *
   * @param failure the exception the step threw
   * @return whether {@code failure} may be retried under this policy
   */
  public boolean retries(Throwable failure) {
    return Causes.find(failure, RetryableException.class) != null || retryOn.test(failure);
  }

  /**
   * Returns the backoff after attempt {@code attempt} failed, before jitter.
   *
   * @param attempt the failed attempt, 1-based
   * @return {@code initialBackoff * multiplier^(attempt-1)}, at most {@code maxBackoff}
   */
  public Duration backoffAfter(int attempt) {
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, attempt - 1);
    long max = maxBackoff.toNanos();
    return Duration.ofNanos(nanos >= max ? max : (long) nanos);
  }

  /**
   * Returns the jitter: the fraction by which each backoff is spread either way.
   *
   * @return a fraction from 0 (no jitter) to 1
   */
  public double jitter() {
    return jitter;
  }

  /** Returns the delay to sleep after attempt {@code attempt} failed: the backoff, spread by the jitter. */
  Duration delayAfter(int attempt) {
    Duration backoff = backoffAfter(attempt);
    if (jitter == 0.0) {
      return backoff;
    }
    double factor = 1.0 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Duration.ofNanos(Math.min((long) (backoff.toNanos() * factor), maxBackoff.toNanos()));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", multiplier=" + multiplier + ", maxBackoff=" + maxBackoff + (jitter == 0 ? "" : ", jitter=" + jitter) + "]";
  }

  /** Builds a {@link RetryPolicy}; {@link #build()} checks that the settings are consistent (SEMANTICS V7). */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double multiplier = 2.0;
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Predicate<? super Throwable> retryOn = t -> true;
    private double jitter;

    private Builder() {}

    /**
     * Spreads each backoff randomly by up to {@code jitter} of it either way (0.2: 80 % to 120 %).
     *
     * @param jitter a fraction from 0 to 1
     * @return this builder
     */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0.0 && jitter <= 1.0)) {
        throw new IllegalArgumentException("STEPS-V7: retry jitter must be between 0 and 1, was " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /**
     * Sets the maximum number of attempts, at least 1.
     *
     * @param maxAttempts the max attempts
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the backoff before the second attempt (zero or positive).
     *
     * @param initialBackoff the initial backoff
     * @return this builder
     */
    public Builder initialBackoff(Duration initialBackoff) {
      this.initialBackoff = Objects.requireNonNull(initialBackoff, "initialBackoff");
      return this;
    }

    /**
     * Sets the factor applied after each attempt, at least 1.
     *
     * @param multiplier the multiplier
     * @return this builder
     */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /**
     * Sets the longest backoff, at least the initial backoff.
     *
     * @param maxBackoff the max backoff
     * @return this builder
     */
    public Builder maxBackoff(Duration maxBackoff) {
      this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
      return this;
    }

    /**
     * Retries only failures {@code retryOn} accepts ({@link RetryableException} is always retried).
     *
     * @param retryOn accepts the failures to retry
     * @return this builder
     */
    public Builder retryOn(Predicate<? super Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
      return this;
    }

    /**
     * Retries only failures that are instances of one of {@code types}.
     *
     * @param types the types
     * @return this builder
     */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... types) {
      Class<?>[] copy = Checks.nonNullElements("types", types).toArray(new Class<?>[0]);
      return retryOn(t -> {
        for (Class<?> c : copy) {
          if (c.isInstance(t)) {
            return true;
          }
        }
        return false;
      });
    }

    /**
     * Returns the policy; throws {@link IllegalArgumentException} naming the inconsistent setting.
     *
     * @return the policy
     */
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
      return new RetryPolicy(maxAttempts, initialBackoff, multiplier, maxBackoff, retryOn, jitter);
    }
  }
}
