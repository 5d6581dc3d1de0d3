package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.StepModel;
import java.util.HashMap;
import java.util.Map;

/** V1: two steps of one sequence share an order (unless they form one parallel group). */
final class OrderValidator implements Validator {
  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    Map<Integer, StepModel> firstAtOrder = new HashMap<>();
    for (StepModel step : pipeline.steps()) {
      StepModel first = firstAtOrder.putIfAbsent(step.order(), step);
      boolean sameGroup = first != null && !step.parallel().isEmpty() && step.parallel().equals(first.parallel());
      if (first != null && !sameGroup) {
        out.report(step.source(), "order", Message.DUPLICATE_ORDER, first.label(), step.label(), step.order());
      }
    }
  }
}
