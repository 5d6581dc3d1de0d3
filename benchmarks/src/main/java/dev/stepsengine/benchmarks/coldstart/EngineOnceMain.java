package dev.stepsengine.benchmarks.coldstart;

import dev.stepsengine.RunReport;
import dev.stepsengine.RunResult;
import dev.stepsengine.benchmarks.TenSteps;
import dev.stepsengine.benchmarks.TenStepsPipeline;

/** Builds an engine over the generated ten-step pipeline, runs it once with no keeper, and exits. */
public final class EngineOnceMain {
  private EngineOnceMain() {}

  /** Runs the pipeline once; exits with status 1 if it did not succeed. */
  public static void main(String[] args) {
    RunReport report = TenStepsPipeline.engine(new TenSteps()).build().run();
    if (report.result() != RunResult.SUCCEEDED) {
      System.exit(1);
    }
  }
}
