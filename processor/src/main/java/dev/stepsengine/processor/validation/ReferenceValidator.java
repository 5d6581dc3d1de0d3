package dev.stepsengine.processor.validation;

import dev.stepsengine.StepNames;
import dev.stepsengine.processor.model.Names;
import dev.stepsengine.processor.model.PipelineParser;
import dev.stepsengine.processor.model.PredicateModel;
import dev.stepsengine.processor.model.ParallelSpec;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.StepModel;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * V6 and V13: every predicate expression is well formed and names a method of the right shape or a
 * known state, every onFail name is a method of the right shape, and every {@code @Parallel}
 * declaration names a group in use. Unknown names get a "did you mean" hint.
 */
final class ReferenceValidator implements Validator {
  private final Elements elements;
  private final PipelineParser parser;

  ReferenceValidator(Elements elements, PipelineParser parser) {
    this.elements = elements;
    this.parser = parser;
  }

  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    List<ExecutableElement> methods = ElementFilter.methodsIn(elements.getAllMembers(pipeline.type())).stream()
        .filter(m -> !isObjectMethod(m))
        .toList();
    Set<String> methodNames = methods.stream().map(m -> m.getSimpleName().toString()).collect(Collectors.toSet());
    Set<String> states = checkExternalStates(pipeline, out);
    for (StepModel step : pipeline.steps()) {
      checkPredicates(pipeline, step, methods, methodNames, states, out);
      if (step.throttle() != null && !step.throttle().everyMethod().isEmpty()) {
        checkIntervalMethod(pipeline, step, methods, methodNames, out);
      }
      if (step.onFail() != null) {
        String name = step.onFail().name();
        List<ExecutableElement> named = named(methods, name);
        if (named.isEmpty()) {
          out.report(step.source(), "onFail", Message.UNKNOWN_METHOD, "onFail", name,
              pipeline.type().getSimpleName(), Suggestions.didYouMean(name, methodNames));
        } else if (named.stream().noneMatch(ReferenceValidator::isFailureHandler)) {
          out.report(step.source(), "onFail", Message.BAD_ON_FAIL, name, signature(named.get(0)), name, name);
        }
      }
    }
    checkParallelSpecs(pipeline, out);
  }

  /**
   * V6 and V13: each {@code when} element is a well-formed expression; a method names a predicate
   * method of the right shape; a state condition names a state of the pipeline or a declared
   * external state.
   */
  private static void checkPredicates(PipelineModel pipeline, StepModel step, List<ExecutableElement> methods,
      Set<String> methodNames, Set<String> states, Diagnostics out) {
    List<?> written = step.source().value("when") == null ? List.of() : (List<?>) step.source().value("when").getValue();
    for (int i = 0; i < step.when().size(); i++) {
      PredicateModel predicate = step.when().get(i);
      String name = predicate.name();
      AnnotationValue value = i < written.size() ? (AnnotationValue) written.get(i) : step.source().value("when");
      if (!predicate.wellFormed()) {
        out.report(step.source(), value, Message.BAD_PREDICATE_EXPRESSION, predicate.text());
      } else if (predicate.onState()) {
        if (!states.contains(name)) {
          out.report(step.source(), value, Message.UNKNOWN_STATE, predicate.text(), name,
              pipeline.type().getSimpleName(), Suggestions.didYouMean(name, states), name);
        }
      } else {
        List<ExecutableElement> named = named(methods, name);
        if (named.isEmpty()) {
          String hint = states.contains(name)
              ? "; did you mean `" + (predicate.negated() ? "!" : "") + PredicateModel.STATE_PREFIX + name + "`?"
              : Suggestions.didYouMean(name, methodNames);
          out.report(step.source(), value, Message.UNKNOWN_METHOD, "predicate", name,
              pipeline.type().getSimpleName(), hint);
        } else if (named.stream().noneMatch(ReferenceValidator::isPredicate)) {
          out.report(step.source(), value, Message.BAD_PREDICATE, name, signature(named.get(0)), name, name);
        }
      }
    }
  }

  /**
   * V3 and V13: each external state is a valid state name that no step of the pipeline writes.
   * Returns the states a state condition may name: the pipeline's own and the valid external ones.
   */
  private Set<String> checkExternalStates(PipelineModel pipeline, Diagnostics out) {
    Set<String> own = parser.statesOf(pipeline);
    Set<String> all = new TreeSet<>(own);
    for (PipelineModel.ExternalState external : pipeline.externalStates()) {
      String problem = StepNames.stateNameProblem(external.name());
      if (problem != null) {
        out.report(external.source(), external.value(), Message.INVALID_STATE_NAME,
            NameValidator.withoutCode(problem));
      } else if (own.contains(external.name())) {
        String owner = pipeline.steps().stream().filter(s -> s.state().equals(external.name()))
            .map(StepModel::methodName).findFirst().orElse("of a group");
        out.report(external.source(), external.value(), Message.EXTERNAL_STATE_OWNED, external.name(), owner);
      } else {
        all.add(external.name());
      }
    }
    return all;
  }

  /** The interval method is called while {@code steps(target)} builds the list: no parameter, no checked exception. */
  private static void checkIntervalMethod(PipelineModel pipeline, StepModel step, List<ExecutableElement> methods,
      Set<String> methodNames, Diagnostics out) {
    String name = step.throttle().everyMethod();
    AnnotationValue value = step.source().nestedValue("throttle", "everyMethod");
    List<ExecutableElement> named = named(methods, name);
    if (named.isEmpty()) {
      out.report(step.source(), value, Message.UNKNOWN_METHOD, "interval method", name,
          pipeline.type().getSimpleName(), Suggestions.didYouMean(name, methodNames));
    } else if (named.stream().noneMatch(m -> callable(m) && m.getParameters().isEmpty()
        && Names.isClass(m.getReturnType(), "java.time.Duration")
        && m.getThrownTypes().stream().allMatch(t -> Names.isSubclassOfAny(t, "java.lang.RuntimeException",
            "java.lang.Error")))) {
      out.report(step.source(), value, Message.BAD_INTERVAL, name, signature(named.get(0)), name);
    }
  }

  private static void checkParallelSpecs(PipelineModel pipeline, Diagnostics out) {
    Set<String> groups = new TreeSet<>();
    pipeline.steps().stream().map(StepModel::parallel).filter(p -> !p.isEmpty()).forEach(groups::add);
    for (ParallelSpec spec : pipeline.parallelSpecs()) {
      if (!groups.contains(spec.name())) {
        out.report(spec.source(), spec.value("name"), Message.UNUSED_PARALLEL, spec.name(),
            pipeline.type().getSimpleName(), spec.name(), Suggestions.didYouMean(spec.name(), groups));
      }
    }
  }

  private static List<ExecutableElement> named(List<ExecutableElement> methods, String name) {
    return methods.stream().filter(m -> m.getSimpleName().contentEquals(name)).toList();
  }

  private static boolean isPredicate(ExecutableElement m) {
    boolean params = m.getParameters().isEmpty() || (m.getParameters().size() == 1 && Names.firstParameterIsContext(m));
    return callable(m) && params && m.getReturnType().getKind() == TypeKind.BOOLEAN;
  }

  private static boolean isFailureHandler(ExecutableElement m) {
    List<? extends TypeMirror> p = m.getParameters().stream().map(v -> v.asType()).toList();
    int offset = Names.firstParameterIsContext(m) ? 1 : 0;
    boolean params = p.size() == offset + 2
        && Names.isClass(p.get(offset), "java.lang.String")
        && (Names.isClass(p.get(offset + 1), "java.lang.Exception") || Names.isClass(p.get(offset + 1), "java.lang.Throwable"));
    return callable(m) && params && m.getReturnType().getKind() == TypeKind.VOID;
  }

  private static boolean callable(ExecutableElement m) {
    return !m.getModifiers().contains(Modifier.PRIVATE) && !m.getModifiers().contains(Modifier.STATIC)
        && m.getTypeParameters().isEmpty()
        && m.getThrownTypes().stream().allMatch(t -> Names.isSubclassOfAny(t, "java.lang.Exception", "java.lang.Error"));
  }

  private static String signature(ExecutableElement m) {
    String modifiers = m.getModifiers().stream().map(Modifier::toString).map(s -> s + " ").collect(Collectors.joining());
    String params = m.getParameters().stream().map(p -> p.asType().toString()).collect(Collectors.joining(", "));
    return modifiers + m.getReturnType() + " " + m.getSimpleName() + "(" + params + ")";
  }

  private static boolean isObjectMethod(ExecutableElement m) {
    return ((javax.lang.model.element.TypeElement) m.getEnclosingElement()).getQualifiedName()
        .contentEquals("java.lang.Object");
  }
}
