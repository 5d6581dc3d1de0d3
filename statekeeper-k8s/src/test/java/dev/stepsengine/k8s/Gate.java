package dev.stepsengine.k8s;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A latch pair that holds a step while the test reads the object from the server: the step calls
 * {@link #pass()}, the test waits for {@link #awaitEntered()}, looks, then {@link #open()}s it. No
 * sleeping; a bound on every wait, so a broken test fails instead of hanging.
 */
final class Gate {
  private static final long BOUND_SECONDS = 30;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released;

  private Gate(boolean open) {
    this.released = new CountDownLatch(open ? 0 : 1);
  }

  /** Returns a gate that holds the step until {@link #open()}. */
  static Gate closed() {
    return new Gate(false);
  }

  /** Returns a gate that lets the step through at once. */
  static Gate opened() {
    return new Gate(true);
  }

  /** Called by the step: says it has started, then waits until the test opens the gate. */
  void pass() throws InterruptedException {
    entered.countDown();
    if (!released.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the test did not open the gate within " + BOUND_SECONDS + " s");
    }
  }

  /** Called by the test: waits until the step is held at the gate. */
  void awaitEntered() throws InterruptedException {
    if (!entered.await(BOUND_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the step did not reach the gate within " + BOUND_SECONDS + " s");
    }
  }

  /** Lets the step go on. */
  void open() {
    released.countDown();
  }
}
