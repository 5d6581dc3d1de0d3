package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.PipelineModel;

/** One family of compile-time checks over a pipeline model. */
interface Validator {
  /** Adds the problems of {@code pipeline} to {@code out}. */
  void validate(PipelineModel pipeline, Diagnostics out);
}
