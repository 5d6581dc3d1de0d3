package dev.stepsengine.processor.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Reads a {@code @Pipeline} class into a {@link PipelineModel}. Lenient: it never rejects input, so
 * the validators can report every problem at once; a method of the wrong shape is read as a simple
 * step and left to the validators.
 */
public final class PipelineParser {
  private final Elements elements;

  /**
   * Creates a parser over the compiler's {@code elements}.
   *
   * @param elements the elements
   */
  public PipelineParser(Elements elements) {
    this.elements = elements;
  }

  /**
   * Returns the model of {@code type}.
   *
   * @param type the type
   * @return the model of {@code type}
   */
  public PipelineModel parse(TypeElement type) {
    List<StepModel> steps = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror mirror = Names.annotation(method, Names.STEP_ANNOTATION);
      if (mirror != null) {
        steps.add(step(type, method, mirror));
      }
    }
    // stable sort: declaration order is kept within one order
    steps.sort(Comparator.comparingInt(StepModel::order));
    return new PipelineModel(type, steps, parallelSpecs(type));
  }

  private StepModel step(TypeElement type, ExecutableElement method, AnnotationMirror mirror) {
    Map<String, Object> v = values(mirror);
    String name = (String) v.get("name");
    StepKind kind = kind(method);
    List<MethodRef> when = new ArrayList<>();
    for (Object o : (List<?>) v.get("when")) {
      String predicate = (String) ((AnnotationValue) o).getValue();
      when.add(new MethodRef(predicate, takesContext(type, predicate)));
    }
    String onFail = (String) v.get("onFail");
    return new StepModel(
        name.isEmpty() ? method.getSimpleName().toString() : name,
        (Integer) v.get("order"),
        (String) v.get("state"),
        (String) v.get("reason"),
        (String) v.get("message"),
        kind,
        Names.firstParameterIsContext(method),
        kind == StepKind.GROUP ? Names.pipelineClass(method.getReturnType()) : null,
        when,
        (Boolean) v.get("abortOnPredicatesFalse"),
        (Boolean) v.get("skipStateCheck"),
        (Boolean) v.get("continueOnError"),
        (Boolean) v.get("finishOnSuccess"),
        onFail.isEmpty() ? null : new MethodRef(onFail, takesContext(type, onFail)),
        throttle(v.get("throttle")),
        retry(v.get("retry")),
        (String) v.get("parallel"),
        new AnnotationSource(method, mirror));
  }

  private static StepKind kind(ExecutableElement method) {
    if (method.getReturnType().getKind() == TypeKind.VOID) {
      return StepKind.ACTION;
    }
    if (Names.isStepList(method.getReturnType())) {
      return StepKind.DYNAMIC;
    }
    return Names.pipelineClass(method.getReturnType()) != null ? StepKind.GROUP : StepKind.ACTION;
  }

  private boolean takesContext(TypeElement type, String methodName) {
    for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (m.getSimpleName().contentEquals(methodName)) {
        return Names.firstParameterIsContext(m);
      }
    }
    return false;
  }

  private ThrottleModel throttle(Object value) {
    AnnotationMirror m = single(value);
    if (m == null) {
      return null;
    }
    Map<String, Object> v = values(m);
    return new ThrottleModel((String) v.get("every"), (Boolean) v.get("ensureSuccess"), (String) v.get("key"),
        (String) v.get("everyMethod"));
  }

  private RetryModel retry(Object value) {
    AnnotationMirror m = single(value);
    if (m == null) {
      return null;
    }
    Map<String, Object> v = values(m);
    return new RetryModel((Integer) v.get("maxAttempts"), (String) v.get("backoff"), (Double) v.get("multiplier"),
        (String) v.get("maxBackoff"));
  }

  /** Returns the first annotation of an annotation array value; extra elements are reported by the validators (V7). */
  private static AnnotationMirror single(Object arrayValue) {
    List<?> list = (List<?>) arrayValue;
    return list.isEmpty() ? null : (AnnotationMirror) ((AnnotationValue) list.get(0)).getValue();
  }

  private List<ParallelSpec> parallelSpecs(TypeElement type) {
    List<AnnotationMirror> mirrors = new ArrayList<>();
    AnnotationMirror one = Names.annotation(type, Names.PARALLEL);
    if (one != null) {
      mirrors.add(one);
    }
    AnnotationMirror container = Names.annotation(type, Names.PARALLEL_LIST);
    if (container != null) {
      for (Object o : (List<?>) values(container).get("value")) {
        mirrors.add((AnnotationMirror) ((AnnotationValue) o).getValue());
      }
    }
    List<ParallelSpec> specs = new ArrayList<>();
    for (AnnotationMirror m : mirrors) {
      Map<String, Object> v = values(m);
      specs.add(new ParallelSpec((String) v.get("name"), (Integer) v.get("maxConcurrency"), (Boolean) v.get("failFast"),
          m, new AnnotationSource(type, m == one ? m : container)));
    }
    return specs;
  }

  private Map<String, Object> values(AnnotationMirror mirror) {
    Map<String, Object> out = new HashMap<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : elements.getElementValuesWithDefaults(mirror).entrySet()) {
      out.put(e.getKey().getSimpleName().toString(), e.getValue().getValue());
    }
    return out;
  }
}
