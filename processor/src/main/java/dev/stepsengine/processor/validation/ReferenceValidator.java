package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.Names;
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
 * V6: every predicate and onFail name is a method of the right shape, and every {@code @Parallel}
 * declaration names a group in use. Unknown names get a "did you mean" hint.
 */
final class ReferenceValidator implements Validator {
  private final Elements elements;

  ReferenceValidator(Elements elements) {
    this.elements = elements;
  }

  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    List<ExecutableElement> methods = ElementFilter.methodsIn(elements.getAllMembers(pipeline.type())).stream()
        .filter(m -> !isObjectMethod(m))
        .toList();
    Set<String> methodNames = methods.stream().map(m -> m.getSimpleName().toString()).collect(Collectors.toSet());
    for (StepModel step : pipeline.steps()) {
      List<?> written = step.source().value("when") == null ? List.of() : (List<?>) step.source().value("when").getValue();
      for (int i = 0; i < step.when().size(); i++) {
        String name = step.when().get(i).name();
        AnnotationValue value = i < written.size() ? (AnnotationValue) written.get(i) : step.source().value("when");
        List<ExecutableElement> named = named(methods, name);
        if (named.isEmpty()) {
          out.report(step.source(), value, Message.UNKNOWN_METHOD, "predicate", name,
              pipeline.type().getSimpleName(), Suggestions.didYouMean(name, methodNames));
        } else if (named.stream().noneMatch(ReferenceValidator::isPredicate)) {
          out.report(step.source(), value, Message.BAD_PREDICATE, name, signature(named.get(0)), name, name);
        }
      }
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
