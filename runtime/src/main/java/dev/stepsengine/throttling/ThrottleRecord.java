package dev.stepsengine.throttling;

import java.time.Instant;

/**
 * What a {@link ThrottleStore} keeps per key.
 *
 * @param lastStart when the step last started, or {@code null}
 * @param lastSuccess when the step last succeeded, or {@code null}
 */
public record ThrottleRecord(Instant lastStart, Instant lastSuccess) {

  /**
   * Returns a copy with {@code lastStart} replaced.
   *
   * @param at the instant
   * @return a copy with {@code lastStart} replaced
   */
  public ThrottleRecord withLastStart(Instant at) {
    return new ThrottleRecord(at, lastSuccess);
  }

  /**
   * Returns a copy with {@code lastSuccess} replaced.
   *
   * @param at the instant
   * @return a copy with {@code lastSuccess} replaced
   */
  public ThrottleRecord withLastSuccess(Instant at) {
    return new ThrottleRecord(lastStart, at);
  }
}
