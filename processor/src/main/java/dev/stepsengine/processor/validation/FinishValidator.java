package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.ParallelGroupModel;
import dev.stepsengine.processor.model.PipelineEntry;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.StepModel;

/**
 * V10 (warning): a step after an unconditional {@code finishOnSuccess} step can only run when that
 * step fails. Unconditional means no predicate, no throttle and no state (a step with state is
 * skipped once it succeeded, which lets later steps run).
 */
final class FinishValidator implements Validator {
  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    StepModel finisher = null;
    for (PipelineEntry entry : pipeline.runEntries()) {
      StepModel step = entry instanceof ParallelGroupModel g ? g.children().get(0) : (StepModel) entry;
      if (finisher != null) {
        out.report(step.source(), "order", Message.AFTER_FINISH, step.label(), finisher.label(),
            step.label(), finisher.label(), finisher.label(), step.label());
      } else if (step.finishOnSuccess() && step.when().isEmpty() && step.throttle() == null && !step.hasState()) {
        finisher = step;
      }
    }
  }
}
