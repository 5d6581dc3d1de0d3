package dev.stepsengine.throttling;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Throttle settings of a step (SEMANTICS R4): run at most once per {@code interval}, measured from
 * the last start, or from the last success with {@link #ensureSuccess()}.
 */
public final class Throttle {
  private final Duration interval;
  private final boolean ensureSuccess;
  private final String key;
  private final Duration jitter;

  private Throttle(Duration interval, boolean ensureSuccess, String key, Duration jitter) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("STEPS-V7: throttle interval must be positive, was " + interval);
    }
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("STEPS-V7: throttle jitter must not be negative, was " + jitter);
    }
    this.interval = interval;
    this.ensureSuccess = ensureSuccess;
    this.key = key;
    this.jitter = jitter;
  }

  /**
   * Returns settings that run a step at most once per {@code interval}.
   *
   * @param interval the interval
   * @return the settings that run a step at most once per {@code interval}
   */
  public static Throttle every(Duration interval) {
    return new Throttle(Objects.requireNonNull(interval, "interval"), false, null, Duration.ZERO);
  }

  /**
   * Returns a copy that measures the interval from the last success instead of the last start.
   *
   * @return a copy that measures the interval from the last success instead of the last start
   */
  public Throttle ensureSuccess() {
    return new Throttle(interval, true, key, jitter);
  }

  /**
   * Returns a copy whose throttle key is {@code key} instead of the step name.
   *
   * @param key the throttle key
   * @return a copy whose throttle key is {@code key} instead of the step name
   */
  public Throttle key(String key) {
    java.util.Objects.requireNonNull(key, "key");
    if (key.isBlank()) {
      throw new IllegalArgumentException("throttle key must not be blank");
    }
    return new Throttle(interval, ensureSuccess, key, jitter);
  }

  /**
   * Returns a copy that adds a random delay of up to {@code jitter} to each interval.
   *
   * @param jitter the jitter
   * @return a copy that adds a random delay of up to {@code jitter} to each interval
   */
  public Throttle jitter(Duration jitter) {
    return new Throttle(interval, ensureSuccess, key, Objects.requireNonNull(jitter, "jitter"));
  }

  /**
   * Returns the interval.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Returns whether the interval is measured from the last success.
   *
   * @return whether the interval is measured from the last success
   */
  public boolean isEnsureSuccess() {
    return ensureSuccess;
  }

  /**
   * Returns the key override, when one was given.
   *
   * @return the key override, when one was given
   */
  public Optional<String> keyOverride() {
    return Optional.ofNullable(key);
  }

  /**
   * Returns the largest random delay added to the interval.
   *
   * @return the largest random delay added to the interval
   */
  public Duration jitterBound() {
    return jitter;
  }

  @Override
  public String toString() {
    return "Throttle[every " + interval + (ensureSuccess ? ", ensureSuccess" : "")
        + (key == null ? "" : ", key=" + key) + "]";
  }
}
