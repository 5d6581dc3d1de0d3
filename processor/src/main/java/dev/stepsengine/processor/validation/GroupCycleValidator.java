package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.Names;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.StepKind;
import dev.stepsengine.processor.model.StepModel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * V9: groups that include each other. Follows the group steps from the pipeline; a path back to it
 * is reported on the group step that starts it, with every edge of the cycle printed in order.
 */
final class GroupCycleValidator implements Validator {
  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    for (StepModel step : pipeline.steps()) {
      if (!step.kind().includesPipeline() || step.groupType() == null) {
        continue;
      }
      List<String> path = new ArrayList<>();
      path.add(edge(pipeline.type(), step.method()));
      if (reaches(step.groupType(), pipeline.type(), path, new HashSet<>())) {
        path.add(pipeline.type().getSimpleName().toString());
        out.report(step.source(), "order", Message.GROUP_CYCLE, String.join(" -> ", path));
      }
    }
  }

  /** Returns whether {@code from} leads back to {@code root}, appending the edges taken to {@code path}. */
  private static boolean reaches(TypeElement from, TypeElement root, List<String> path, Set<TypeElement> seen) {
    if (from.equals(root)) {
      return true;
    }
    if (!seen.add(from)) {
      return false;
    }
    for (ExecutableElement m : ElementFilter.methodsIn(from.getEnclosedElements())) {
      TypeElement next = !Names.isStepMethod(m) ? null : Names.pipelineClass(m.getReturnType());
      if (next != null) {
        path.add(edge(from, m));
        if (reaches(next, root, path, seen)) {
          return true;
        }
        path.remove(path.size() - 1);
      }
    }
    return false;
  }

  private static String edge(TypeElement type, ExecutableElement method) {
    return type.getSimpleName() + "." + method.getSimpleName() + "()";
  }
}
