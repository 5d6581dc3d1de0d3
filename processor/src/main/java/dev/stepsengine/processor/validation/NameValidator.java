package dev.stepsengine.processor.validation;

import dev.stepsengine.StepNames;
import dev.stepsengine.processor.model.AnnotationSource;
import dev.stepsengine.processor.model.ParallelGroupModel;
import dev.stepsengine.processor.model.PipelineEntry;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.PipelineParser;
import dev.stepsengine.processor.model.StepKind;
import dev.stepsengine.processor.model.StepModel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.TypeElement;

/**
 * V2 and V3: step names are valid and unique in the pipeline; state names are valid Kubernetes
 * condition types and unique in the pipeline, the steps of its groups included; reasons are valid
 * condition reasons. The syntax rules are the runtime's own ({@link StepNames}), shared with the
 * dynamic-step check (SEMANTICS R12).
 */
final class NameValidator implements Validator {
  private final PipelineParser parser;

  NameValidator(PipelineParser parser) {
    this.parser = parser;
  }

  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    Map<String, String> stepNames = new HashMap<>();
    Map<String, String> stateNames = new HashMap<>();
    for (PipelineEntry entry : pipeline.entries()) {
      if (entry instanceof ParallelGroupModel group) {
        StepModel first = group.children().get(0);
        checkStepName(group.name(), "parallel group \"" + group.name() + "\"", first.source(), "parallel", stepNames,
            out);
        group.children().forEach(child -> checkStep(child, stepNames, stateNames, out));
      } else if (entry instanceof StepModel step && step.kind() == StepKind.FRAGMENT) {
        claimFragment(step, step.inlined(), stepNames, stateNames, out);
      } else if (entry instanceof StepModel step) {
        checkStep(step, stepNames, stateNames, out);
      }
    }
  }

  private void checkStep(StepModel step, Map<String, String> stepNames, Map<String, String> stateNames,
      Diagnostics out) {
    String nameAttribute = step.source().value("name") == null ? "order" : "name";
    checkStepName(step.name(), step.label(), step.source(), nameAttribute, stepNames, out);
    if (step.hasState()) {
      String problem = StepNames.stateNameProblem(step.state());
      if (problem != null) {
        out.report(step.source(), "state", Message.INVALID_STATE_NAME, withoutCode(problem));
      } else {
        claimState(step.state(), step.label(), step, stateNames, out);
      }
    }
    if (!step.reason().isEmpty()) {
      String problem = StepNames.reasonProblem(step.reason());
      if (problem != null) {
        out.report(step.source(), "reason", Message.INVALID_REASON, withoutCode(problem));
      }
    }
    if (step.kind() == StepKind.GROUP && step.groupType() != null) {
      claimNestedStates(step, step.groupType(), new HashSet<>(), stateNames, out);
    }
  }

  private static void checkStepName(String name, String owner, AnnotationSource source, String attribute,
      Map<String, String> stepNames, Diagnostics out) {
    String problem = StepNames.stepNameProblem(name);
    if (problem != null) {
      out.report(source, attribute, Message.INVALID_STEP_NAME, withoutCode(problem));
      return;
    }
    claimName(name, owner, source, attribute, stepNames, out);
  }

  /**
   * Claims the step names and state names of the steps a fragment splices into this pipeline (its
   * own validation checks their syntax), reported on the inlining step {@code inline}.
   */
  private void claimFragment(StepModel inline, PipelineModel fragment, Map<String, String> stepNames,
      Map<String, String> stateNames, Diagnostics out) {
    if (fragment == null) {
      return; // a cycle, reported by V9
    }
    String prefix = fragment.type().getSimpleName() + ".";
    for (PipelineEntry entry : fragment.runEntries()) {
      List<StepModel> steps = entry instanceof ParallelGroupModel group ? group.children() : List.of((StepModel) entry);
      String owner = prefix + (entry instanceof ParallelGroupModel ? entry.name() : steps.get(0).label());
      if (StepNames.stepNameProblem(entry.name()) == null) {
        claimName(entry.name(), owner, inline.source(), "order", stepNames, out);
      }
      for (StepModel inner : steps) {
        if (inner.hasState() && StepNames.stateNameProblem(inner.state()) == null) {
          claimState(inner.state(), prefix + inner.label(), inline, stateNames, out);
        }
        if (inner.kind() == StepKind.GROUP && inner.groupType() != null) {
          claimNestedStates(inline, inner.groupType(), new HashSet<>(), stateNames, out);
        }
      }
    }
  }

  private static void claimName(String name, String owner, AnnotationSource source, String attribute,
      Map<String, String> stepNames, Diagnostics out) {
    String previous = stepNames.putIfAbsent(name, owner);
    if (previous != null) {
      out.report(source, attribute, Message.DUPLICATE_STEP_NAME, name, owner, previous);
    }
  }

  /** Claims the state names of the group pipeline {@code type}, reported on the group step {@code step}. */
  private void claimNestedStates(StepModel step, TypeElement type, Set<TypeElement> seen, Map<String, String> stateNames,
      Diagnostics out) {
    if (!seen.add(type)) {
      return; // a cycle, reported by V9
    }
    for (StepModel inner : parser.parse(type).steps()) {
      String owner = type.getSimpleName() + "." + inner.label();
      if (inner.hasState() && StepNames.stateNameProblem(inner.state()) == null) {
        claimState(inner.state(), owner, step, stateNames, out);
      }
      if (inner.kind() == StepKind.GROUP && inner.groupType() != null) {
        claimNestedStates(step, inner.groupType(), seen, stateNames, out);
      }
    }
  }

  private static void claimState(String state, String owner, StepModel reportOn, Map<String, String> stateNames,
      Diagnostics out) {
    String previous = stateNames.putIfAbsent(state, owner);
    if (previous != null) {
      String attribute = reportOn.label().equals(owner) ? "state" : "order";
      out.report(reportOn.source(), attribute, Message.DUPLICATE_STATE_NAME, state, owner, previous);
    }
  }

  /** The runtime's messages start with their rule code; the catalog adds its own. */
  static String withoutCode(String problem) {
    return problem.replaceFirst("^STEPS-[A-Z]+\\d+: ", "");
  }
}
