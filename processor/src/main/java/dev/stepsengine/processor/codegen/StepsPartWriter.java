package dev.stepsengine.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.stepsengine.processor.model.PredicateModel;
import dev.stepsengine.processor.model.ParallelGroupModel;
import dev.stepsengine.processor.model.PipelineEntry;
import dev.stepsengine.processor.model.StepKind;
import dev.stepsengine.processor.model.StepModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes one part of a generated pipeline: a nested class {@code Steps<n>} whose {@code steps(target)}
 * builds the steps of some consecutive entries, and whose nested {@link DispatchClass dispatch classes}
 * call the target's methods. Parts keep every class's constant pool and every method's bytecode far
 * below the JVM's limits however many steps the pipeline has.
 */
final class StepsPartWriter {
  private static final String RUNTIME = "dev.stepsengine";
  private static final ClassName STEP = ClassName.get(RUNTIME, "PipelineStep");
  private static final ClassName STATE = ClassName.get(RUNTIME, "State");
  private static final ClassName STEP_PREDICATE = ClassName.get(RUNTIME, "StepPredicate");
  private static final ClassName RETRY_POLICY = ClassName.get(RUNTIME, "RetryPolicy");
  private static final ClassName THROTTLE = ClassName.get(RUNTIME + ".throttling", "Throttle");
  private static final ClassName LIST = ClassName.get("java.util", "List");

  private final TypeName target;
  private final Map<String, String> constants;
  private final Set<String> methodNames;
  private final DispatchClass actions = DispatchClass.actions();
  private final DispatchClass conditions = DispatchClass.conditions();
  private final DispatchClass failureHandlers = DispatchClass.failureHandlers();
  private final DispatchClass suppliers = DispatchClass.suppliers();
  private final List<MethodSpec> helpers = new ArrayList<>();

  private StepsPartWriter(TypeName target, Map<String, String> constants, Set<String> methodNames) {
    this.target = target;
    this.constants = constants;
    this.methodNames = methodNames;
  }

  /**
   * Returns nested class {@code name} that builds the steps of {@code entries}.
   *
   * @param constants the constant of each state name
   * @param methodNames the method names taken so far in the pipeline; the part's helper methods are added
   */
  static TypeSpec write(String name, List<PipelineEntry> entries, TypeName target, Map<String, String> constants,
      Set<String> methodNames) {
    return new StepsPartWriter(target, constants, methodNames).write(name, entries);
  }

  private TypeSpec write(String name, List<PipelineEntry> entries) {
    List<CodeBlock> calls = new ArrayList<>();
    boolean inlines = false;
    for (PipelineEntry entry : entries) {
      MethodSpec helper;
      if (entry instanceof ParallelGroupModel g) {
        helper = parallelMethod(g);
      } else if (entry instanceof StepModel s && s.kind() == StepKind.FRAGMENT) {
        helper = fragmentMethod(s);
        inlines = true;
      } else {
        helper = stepMethod((StepModel) entry);
      }
      helpers.add(helper);
      calls.add(CodeBlock.of("$N(target)", helper));
    }
    TypeSpec.Builder part = TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Steps {@code $L} to {@code $L}.\n", entries.get(0).name(), entries.get(entries.size() - 1).name())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("steps")
            .addModifiers(Modifier.STATIC)
            .addJavadoc("Returns the steps of this part, in order.\n")
            .returns(ParameterizedTypeName.get(LIST, STEP))
            .addParameter(target, "target")
            .addCode(inlines ? spliced(entries, calls) : CodeBlock.builder().addStatement("return $T.of($L)", LIST,
                CodeBlock.builder().add("\n").add(CodeBlock.join(calls, ",\n")).build()).build())
            .build())
        .addMethods(helpers);
    for (DispatchClass dispatch : List.of(actions, conditions, failureHandlers, suppliers)) {
      if (!dispatch.isEmpty()) {
        part.addType(dispatch.write(target));
      }
    }
    return part.build();
  }

  /** The part's list when a fragment's steps are spliced in: added one by one, the fragment's all at once. */
  private static CodeBlock spliced(List<PipelineEntry> entries, List<CodeBlock> calls) {
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$T<$T> steps = new $T<>()", LIST, STEP, ClassName.get("java.util", "ArrayList"));
    for (int i = 0; i < entries.size(); i++) {
      boolean fragment = entries.get(i) instanceof StepModel s && s.kind() == StepKind.FRAGMENT;
      code.addStatement("steps.$L($L)", fragment ? "addAll" : "add", calls.get(i));
    }
    return code.addStatement("return $T.copyOf(steps)", LIST).build();
  }

  /**
   * A fragment's steps, spliced in: the method is called once, when the list is built, and the
   * fragment's generated pipeline builds its steps.
   */
  private MethodSpec fragmentMethod(StepModel step) {
    String name = JavaNames.method(step.methodName(), "Steps", methodNames);
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("The steps of {@code $L}, inlined: calls {@code $L}.\n", step.groupType().getSimpleName(),
            step.methodName())
        .returns(ParameterizedTypeName.get(LIST, STEP))
        .addParameter(target, "target")
        .addStatement("return $T.steps(target.$L())", step.groupPipeline(), step.methodName())
        .build();
  }

  private MethodSpec parallelMethod(ParallelGroupModel group) {
    String name = JavaNames.method(group.name(), "Parallel", methodNames);
    List<CodeBlock> children = new ArrayList<>();
    for (StepModel child : group.children()) {
      MethodSpec helper = stepMethod(child);
      helpers.add(helper);
      children.add(CodeBlock.of("$N(target)", helper));
    }
    CodeBlock.Builder body = CodeBlock.builder()
        .add("return $T.named($S)", ClassName.get(RUNTIME, "ParallelSteps"), group.name());
    if (group.maxConcurrency() > 0) {
      body.add("\n.maxConcurrency($L)", group.maxConcurrency());
    }
    if (group.failFast()) {
      body.add("\n.failFast()");
    }
    body.add("\n.steps($L)", CodeBlock.join(children, ", ")).add("\n.build()");
    return helper(name, body.build());
  }

  private MethodSpec stepMethod(StepModel step) {
    String name = JavaNames.method(step.methodName(), "Step", methodNames);
    String call = "target." + step.methodName() + (step.takesContext() ? "(ctx)" : "()");
    CodeBlock.Builder body = CodeBlock.builder();
    switch (step.kind()) {
      case ACTION -> body.add("return $T.named($S)", ClassName.get(RUNTIME, "SimpleStep"), step.name());
      case DYNAMIC -> body.add("return $T.named($S)", ClassName.get(RUNTIME, "DynamicStep"), step.name());
      case GROUP, FRAGMENT -> body.add("return $T.named($S)", ClassName.get(RUNTIME, "GroupedSteps"), step.name());
    }
    addOptions(step, body);
    switch (step.kind()) {
      case ACTION -> body.add("\n.run($L)", actions.instance(call));
      case DYNAMIC -> body.add("\n.steps($L)", suppliers.instance(call));
      case GROUP, FRAGMENT -> body.add("\n.steps($T.steps($L))", step.groupPipeline(), call);
    }
    body.add("\n.build()");
    return helper(name, body.build());
  }

  /**
   * A private factory of one step. No Javadoc: the method's name and body say what it builds, and
   * javac parses and keeps every doc comment, which for a pipeline of thousands of steps costs more
   * than the processor's own work (benchmark 6).
   */
  private MethodSpec helper(String name, CodeBlock returnExpression) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(STEP)
        .addParameter(target, "target")
        .addStatement("$L", returnExpression)
        .build();
  }

  private void addOptions(StepModel step, CodeBlock.Builder body) {
    if (step.hasState()) {
      body.add("\n.state($T.of($N)", STATE, constants.get(step.state()));
      if (!step.reason().isEmpty()) {
        body.add(".withReason($S)", step.reason());
      }
      if (!step.message().isEmpty()) {
        body.add(".withMessage($S)", step.message());
      }
      if (step.keepAcrossSpecChanges()) {
        body.add(".keepAcrossSpecChanges()");
      }
      body.add(")");
    }
    if (!step.timeout().isEmpty()) {
      body.add("\n.timeout($L)", DurationCode.of(step.timeout()));
    }
    if (!step.outputs().isEmpty()) {
      body.add("\n.outputs($L)", CodeBlock.join(step.outputs().stream().map(o -> CodeBlock.of("$S", o)).toList(), ", "));
    }
    for (PredicateModel predicate : step.when()) {
      body.add("\n.when($L)", predicate(predicate));
    }
    flag(body, step.abortOnPredicatesFalse(), "abortOnPredicatesFalse");
    flag(body, step.skipStateCheck(), "skipStateCheck");
    flag(body, step.continueOnError(), "continueOnError");
    flag(body, step.finishOnSuccess(), "finishOnSuccess");
    if (step.onFail() != null) {
      String call = "target." + step.onFail().name()
          + (step.onFail().takesContext() ? "(ctx, stepName, failure)" : "(stepName, failure)");
      body.add("\n.onFail($L)", failureHandlers.instance(call));
    }
    if (step.throttle() != null) {
      CodeBlock interval = step.throttle().everyMethod().isEmpty()
          ? DurationCode.of(step.throttle().every())
          : CodeBlock.of("target.$L()", step.throttle().everyMethod());
      body.add("\n.throttle($T.every($L)", THROTTLE, interval);
      if (step.throttle().ensureSuccess()) {
        body.add(".ensureSuccess()");
      }
      if (!step.throttle().key().isEmpty()) {
        body.add(".key($S)", step.throttle().key());
      }
      body.add(")");
    }
    if (step.retry() != null) {
      body.add("\n.retry($T.builder()$>$>", RETRY_POLICY)
          .add("\n.maxAttempts($L)", step.retry().maxAttempts())
          .add("\n.initialBackoff($L)", DurationCode.of(step.retry().backoff()))
          .add("\n.multiplier($L)", Double.toString(step.retry().multiplier()))
          .add("\n.maxBackoff($L)", DurationCode.of(step.retry().maxBackoff()))
          .add("\n.build())$<$<");
    }
  }

  /**
   * V13: a method predicate named after its method ({@code not} around it when negated); a state
   * condition through the runtime's state-bound {@code succeeded} / {@code notSucceeded}.
   */
  private CodeBlock predicate(PredicateModel predicate) {
    if (predicate.onState()) {
      String constant = constants.get(predicate.name());
      CodeBlock state = constant == null ? CodeBlock.of("$S", predicate.name()) : CodeBlock.of("$N", constant);
      return CodeBlock.of("$T.$L($L)", STEP_PREDICATE, predicate.negated() ? "notSucceeded" : "succeeded", state);
    }
    String call = "target." + predicate.name() + (predicate.takesContext() ? "(ctx)" : "()");
    CodeBlock named = CodeBlock.of("$T.named($S, $L)", STEP_PREDICATE, predicate.name(), conditions.instance(call));
    return predicate.negated() ? CodeBlock.of("$T.not($L)", STEP_PREDICATE, named) : named;
  }

  private static void flag(CodeBlock.Builder body, boolean set, String method) {
    if (set) {
      body.add("\n.$L()", method);
    }
  }
}
