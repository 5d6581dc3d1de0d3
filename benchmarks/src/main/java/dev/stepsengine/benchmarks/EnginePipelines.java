package dev.stepsengine.benchmarks;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.PipelineStep;
import java.util.List;

/**
 * The ten steps of {@link TenSteps} built by hand with the runtime's builder API, without state
 * names: a check that the generated {@code TenStepsPipeline} costs no more than hand-built steps.
 */
public final class EnginePipelines {
  private EnginePipelines() {}

  /** Returns the ten steps, untracked, each a lambda calling one method of {@code target}. */
  public static List<PipelineStep> untracked(TenSteps target) {
    return List.of(
        SimpleStep.of("step1", ctx -> target.step1()),
        SimpleStep.of("step2", ctx -> target.step2()),
        SimpleStep.of("step3", ctx -> target.step3()),
        SimpleStep.of("step4", ctx -> target.step4()),
        SimpleStep.of("step5", ctx -> target.step5()),
        SimpleStep.of("step6", ctx -> target.step6()),
        SimpleStep.of("step7", ctx -> target.step7()),
        SimpleStep.of("step8", ctx -> target.step8()),
        SimpleStep.of("step9", ctx -> target.step9()),
        SimpleStep.of("step10", ctx -> target.step10()));
  }
}
