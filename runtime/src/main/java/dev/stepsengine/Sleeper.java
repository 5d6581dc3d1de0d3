package dev.stepsengine;

import java.time.Duration;

/**
 * How the engine waits between retry attempts. A {@link java.time.Clock} given to the engine that
 * also implements this interface (such as {@code dev.stepsengine.testing.ManualClock} in steps-testing) does the
 * waiting itself, so tests never sleep; otherwise the engine sleeps the thread.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits {@code duration}; throws {@link InterruptedException} when the thread is interrupted.
   *
   * @param duration the duration
   * @throws InterruptedException when the step fails
   */
  void sleep(Duration duration) throws InterruptedException;
}
