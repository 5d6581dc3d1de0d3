package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.PipelineParser;
import java.util.List;
import javax.lang.model.util.Elements;

/** Runs every rule family over a pipeline and returns all problems at once (SEMANTICS V1–V10). */
public final class PipelineValidator {
  private final List<Validator> validators;

  /**
   * Creates the validators over the compiler's {@code elements}.
   *
   * @param elements the elements
   * @param parser the parser
   */
  public PipelineValidator(Elements elements, PipelineParser parser) {
    this.validators = List.of(
        new OrderValidator(),
        new NameValidator(parser),
        new MethodShapeValidator(),
        new ReferenceValidator(elements, parser),
        new SettingsValidator(),
        new GroupCycleValidator(),
        new FinishValidator());
  }

  /**
   * Returns the problems of {@code pipeline}, in the order found.
   *
   * @param pipeline the pipeline
   * @return the problems of {@code pipeline}, in the order found
   */
  public Diagnostics validate(PipelineModel pipeline) {
    Diagnostics out = new Diagnostics();
    for (Validator v : validators) {
      v.validate(pipeline, out);
    }
    return out;
  }
}
