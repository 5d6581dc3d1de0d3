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
    return parse(type, new java.util.HashSet<>());
  }

  /** {@code inlining}: the fragments being inlined around this parse, so a fragment cycle (V9) ends. */
  private PipelineModel parse(TypeElement type, java.util.Set<TypeElement> inlining) {
    inlining.add(type);
    List<StepModel> steps = new ArrayList<>();
    List<TypeElement> hierarchy = hierarchy(type);
    for (int i = 0; i < hierarchy.size(); i++) {
      for (ExecutableElement method : ElementFilter.methodsIn(hierarchy.get(i).getEnclosedElements())) {
        if (!overriddenBelow(method, hierarchy.subList(i + 1, hierarchy.size()), type)) {
          steps.addAll(stepsOf(type, method, inlining));
        }
      }
    }
    inlining.remove(type);
    // stable sort: declaration order is kept within one order
    steps.sort(Comparator.comparingInt(StepModel::order));
    List<ParallelSpec> parallel = new ArrayList<>();
    List<PipelineModel.ExternalState> external = new ArrayList<>();
    for (TypeElement t : hierarchy) {
      parallel.addAll(parallelSpecs(t));
      external.addAll(externalStates(t));
    }
    return new PipelineModel(type, steps, parallel, external);
  }

  /**
   * V12: the {@code @Pipeline} superclasses of {@code type}, the farthest first, then {@code type}:
   * their {@code @Step} methods are steps of {@code type} too.
   */
  private static List<TypeElement> hierarchy(TypeElement type) {
    List<TypeElement> out = new ArrayList<>();
    for (TypeElement t = type; t != null; t = superclass(t)) {
      if (t == type || Names.annotation(t, Names.PIPELINE) != null) {
        out.add(0, t);
      }
    }
    return out;
  }

  private static TypeElement superclass(TypeElement type) {
    javax.lang.model.type.TypeMirror s = type.getSuperclass();
    if (s.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement e = (TypeElement) ((javax.lang.model.type.DeclaredType) s).asElement();
    return e.getQualifiedName().contentEquals("java.lang.Object") ? null : e;
  }

  /**
   * Returns whether a class below the declaring one overrides {@code method}: an override keeps one
   * step, declared by the override's {@code @Step} when it has one, else by the overridden method's.
   */
  private boolean overriddenBelow(ExecutableElement method, List<TypeElement> below, TypeElement type) {
    for (TypeElement t : below) {
      for (ExecutableElement m : ElementFilter.methodsIn(t.getEnclosedElements())) {
        if (elements.overrides(m, method, type) && Names.isStepMethod(m)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns every state name {@code model}'s run writes or reads as its own: its steps' states and,
   * transitively, those of its groups (SEMANTICS V2, V13), sorted.
    *
    * @param model the pipeline to look at
    * @return the state names, sorted
   */
  public java.util.SortedSet<String> statesOf(PipelineModel model) {
    java.util.SortedSet<String> out = new java.util.TreeSet<>();
    collectStates(model, out, new java.util.HashSet<>());
    return out;
  }

  private void collectStates(PipelineModel model, java.util.Set<String> out, java.util.Set<TypeElement> seen) {
    if (!seen.add(model.type())) {
      return;
    }
    for (StepModel step : model.steps()) {
      if (step.hasState()) {
        out.add(step.state());
      }
      if (step.groupType() != null) {
        collectStates(parse(step.groupType()), out, seen);
      }
    }
  }

  private List<PipelineModel.ExternalState> externalStates(TypeElement type) {
    List<PipelineModel.ExternalState> out = new ArrayList<>();
    AnnotationMirror pipeline = Names.annotation(type, Names.PIPELINE);
    AnnotationValue written = pipeline == null ? null : AnnotationSource.valueIn(pipeline, "externalStates");
    if (written != null) {
      for (Object o : (List<?>) written.getValue()) {
        AnnotationValue element = (AnnotationValue) o;
        out.add(new PipelineModel.ExternalState((String) element.getValue(), new AnnotationSource(type, pipeline),
            element));
      }
    }
    return out;
  }

  /** Returns the steps {@code method} declares: none, one, or one per repeated {@code @Step}. */
  private List<StepModel> stepsOf(TypeElement type, ExecutableElement method, java.util.Set<TypeElement> inlining) {
    AnnotationMirror one = Names.annotation(method, Names.STEP_ANNOTATION);
    if (one != null) {
      return List.of(step(type, method, one, 0, new AnnotationSource(method, one), inlining));
    }
    AnnotationMirror container = Names.annotation(method, Names.STEP_LIST);
    if (container == null) {
      return List.of();
    }
    List<StepModel> out = new ArrayList<>();
    for (Object o : (List<?>) values(container).get("value")) {
      AnnotationValue nested = (AnnotationValue) o;
      AnnotationMirror mirror = (AnnotationMirror) nested.getValue();
      out.add(step(type, method, mirror, out.size() + 1, AnnotationSource.repeated(method, container, mirror, nested),
          inlining));
    }
    return out;
  }

  private StepModel step(TypeElement type, ExecutableElement method, AnnotationMirror mirror, int occurrence,
      AnnotationSource source, java.util.Set<TypeElement> inlining) {
    Map<String, Object> v = values(mirror);
    String name = (String) v.get("name");
    StepKind kind = kind(method);
    if (kind == StepKind.GROUP && (Boolean) v.get("inline")) {
      kind = StepKind.FRAGMENT;
    }
    TypeElement included = kind.includesPipeline() ? Names.pipelineClass(method.getReturnType()) : null;
    PipelineModel inlined = kind == StepKind.FRAGMENT && !inlining.contains(included) ? parse(included, inlining) : null;
    List<PredicateModel> when = new ArrayList<>();
    for (Object o : (List<?>) v.get("when")) {
      when.add(PredicateModel.parse((String) ((AnnotationValue) o).getValue(), m -> takesContext(type, m)));
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
        included,
        when,
        (Boolean) v.get("abortOnPredicatesFalse"),
        (Boolean) v.get("skipStateCheck"),
        (Boolean) v.get("continueOnError"),
        (Boolean) v.get("finishOnSuccess"),
        onFail.isEmpty() ? null : new MethodRef(onFail, takesContext(type, onFail)),
        throttle(v.get("throttle")),
        retry(v.get("retry")),
        (String) v.get("parallel"),
        (String) v.get("timeout"),
        (Boolean) v.get("keepAcrossSpecChanges"),
        strings(v.get("outputs")),
        inlined,
        occurrence,
        source);
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

  private static List<String> strings(Object arrayValue) {
    return ((List<?>) arrayValue).stream().map(o -> (String) ((AnnotationValue) o).getValue()).toList();
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
