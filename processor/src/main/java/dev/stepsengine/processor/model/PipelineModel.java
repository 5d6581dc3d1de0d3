package dev.stepsengine.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Pipeline} class: its steps sorted by order (declaration order within one order) and its
 * parallel group declarations.
 *
 * @param type the class
 * @param steps the steps, sorted
 * @param parallelSpecs the {@code @Parallel} declarations
 * @param externalStates the states declared by {@code @Pipeline(externalStates = …)}, with where each was written
 */
public record PipelineModel(TypeElement type, List<StepModel> steps, List<ParallelSpec> parallelSpecs,
    List<ExternalState> externalStates) {

  /**
   * Copies the lists.
   *
   * @param type the type
   * @param steps the steps
   * @param parallelSpecs the parallel specs
    * @param externalStates the states declared as external ({@code @Pipeline(externalStates)}, V13)
   */
  public PipelineModel {
    steps = List.copyOf(steps);
    parallelSpecs = List.copyOf(parallelSpecs);
    externalStates = List.copyOf(externalStates);
  }

  /**
   * A state named by {@code @Pipeline(externalStates = …)}.
   *
   * @param name the state name
   * @param source the {@code @Pipeline} annotation that declares it
   * @param value the written array element
   */
  public record ExternalState(String name, AnnotationSource source, javax.lang.model.element.AnnotationValue value) {}

  /**
   * Returns the pipeline class's name.
   *
   * @return the class name of the {@code @Pipeline} type
   */
  public ClassName target() {
    return ClassName.get(type);
  }

  /**
   * Returns the generated class's name.
   *
   * @return the generated class's name
   */
  public ClassName generated() {
    return generatedName(type);
  }

  /**
   * Returns the name of the class generated for {@code type}: {@code Outer_InnerPipeline} for nested classes.
   *
   * @param type the type
   * @return the name of the class generated for {@code type}
   */
  public static ClassName generatedName(TypeElement type) {
    ClassName name = ClassName.get(type);
    return ClassName.get(name.packageName(), String.join("_", name.simpleNames()) + "Pipeline");
  }

  /**
   * Returns the top-level entries in order: single steps, and parallel groups at their children's order.
   *
   * @return the top-level entries in order
   */
  public List<PipelineEntry> entries() {
    Map<String, List<StepModel>> groups = new LinkedHashMap<>();
    List<PipelineEntry> out = new ArrayList<>();
    for (StepModel step : steps) {
      if (step.parallel().isEmpty()) {
        out.add(step);
        continue;
      }
      List<StepModel> children = groups.get(groupKey(step));
      if (children == null) {
        children = new ArrayList<>();
        groups.put(groupKey(step), children);
        out.add(null); // placeholder, replaced below so the group keeps its position
      }
      children.add(step);
    }
    List<List<StepModel>> inOrder = new ArrayList<>(groups.values());
    int next = 0;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) == null) {
        out.set(i, group(inOrder.get(next++)));
      }
    }
    return out;
  }

  /**
   * Returns the entries as they run: {@link #entries()} with every inlined fragment replaced by its
   * own entries (transitively).
    *
    * @return the entries in run order, fragments spliced in
   */
  public List<PipelineEntry> runEntries() {
    List<PipelineEntry> out = new ArrayList<>();
    for (PipelineEntry e : entries()) {
      if (e instanceof StepModel s && s.kind() == StepKind.FRAGMENT) {
        if (s.inlined() != null) {
          out.addAll(s.inlined().runEntries());
        }
      } else {
        out.add(e);
      }
    }
    return out;
  }

  /**
   * Returns the steps as they run, parallel children included and fragments inlined, in order.
   *
   * @return every step that runs, in order
   */
  public List<StepModel> runSteps() {
    List<StepModel> out = new ArrayList<>();
    for (PipelineEntry e : runEntries()) {
      if (e instanceof ParallelGroupModel g) {
        out.addAll(g.children());
      } else {
        out.add((StepModel) e);
      }
    }
    return out;
  }

  private ParallelGroupModel group(List<StepModel> children) {
    String name = children.get(0).parallel();
    ParallelSpec spec = parallelSpecs.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    return new ParallelGroupModel(name, children.get(0).order(),
        spec == null ? 0 : spec.maxConcurrency(), spec != null && spec.failFast(), children);
  }

  private static String groupKey(StepModel step) {
    return step.order() + "\u0000" + step.parallel();
  }
}
