package dev.stepsengine.benchmarks.coldstart;

import dev.stepsengine.benchmarks.SpringBatchTenSteps;
import dev.stepsengine.benchmarks.TenSteps;

/** Builds the Spring Batch job of ten tasklet steps, runs it once, and exits. */
public final class SpringBatchOnceMain {
  private SpringBatchOnceMain() {}

  /** Runs the job once; {@link SpringBatchTenSteps#run()} throws if it did not complete. */
  public static void main(String[] args) {
    new SpringBatchTenSteps(new TenSteps()).run();
  }
}
