package dev.stepsengine.benchmarks.coldstart;

/** Does nothing: the cost of starting and stopping the JVM on the benchmarks jar. */
public final class EmptyMain {
  private EmptyMain() {}

  /** Returns at once. */
  public static void main(String[] args) {
    // intentionally empty: this is the baseline
  }
}
