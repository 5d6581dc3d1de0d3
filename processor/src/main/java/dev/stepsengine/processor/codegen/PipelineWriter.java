package dev.stepsengine.processor.codegen;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.stepsengine.processor.model.MethodRef;
import dev.stepsengine.processor.model.ParallelGroupModel;
import dev.stepsengine.processor.model.PipelineEntry;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.StepModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Class>Pipeline}: a state-name constant per step with state, {@code STATE_NAMES},
 * {@code steps(target)} and {@code engine(target)}. Every step calls its method on the target
 * directly through a lambda, so nothing is looked up at run time. Output depends only on the model,
 * so compiling the same sources twice gives the same text.
 */
public final class PipelineWriter {
  private static final String RUNTIME = "dev.stepsengine";
  private static final ClassName STEP = ClassName.get(RUNTIME, "Step");
  private static final ClassName STATE = ClassName.get(RUNTIME, "State");
  private static final ClassName STEPS_ENGINE = ClassName.get(RUNTIME, "StepsEngine");
  private static final ClassName STEP_PREDICATE = ClassName.get(RUNTIME, "StepPredicate");
  private static final ClassName RETRY_POLICY = ClassName.get(RUNTIME, "RetryPolicy");
  private static final ClassName THROTTLE = ClassName.get(RUNTIME + ".throttling", "Throttle");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private final String processorName;
  private final boolean generatedAvailable;

  /**
   * Creates a writer.
   *
   * @param processorName the value of {@code @Generated}
   * @param generatedAvailable whether {@code javax.annotation.processing.Generated} is on the compile path
   */
  public PipelineWriter(String processorName, boolean generatedAvailable) {
    this.processorName = processorName;
    this.generatedAvailable = generatedAvailable;
  }

  /** Returns the generated source file of {@code model}, with the pipeline class as its originating element. */
  public JavaFile write(PipelineModel model) {
    ClassName name = model.generated();
    TypeName target = targetType(model);
    TypeSpec.Builder type = TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(model.type())
        .addJavadoc("The steps of {@link $T}, generated from its {@code @Step} methods; do not edit.\n", model.target());
    if (generatedAvailable) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED)
          .addMember("value", "$S", processorName)
          .addMember("comments", "$S", "from " + model.type().getQualifiedName())
          .build());
    }
    Set<String> fieldNames = new HashSet<>(Set.of("STATE_NAMES"));
    Map<StepModel, String> constants = new HashMap<>();
    List<String> stateConstants = new ArrayList<>();
    for (StepModel step : inOrder(model)) {
      if (step.hasState()) {
        String constant = JavaNames.constant(step.state(), fieldNames);
        constants.put(step, constant);
        stateConstants.add(constant);
        type.addField(FieldSpec.builder(String.class, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("State name of step {@code $L}.\n", step.name())
            .initializer("$S", step.state())
            .build());
      }
    }
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, ClassName.get(String.class)), "STATE_NAMES",
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Every state name of this pipeline, in step order.\n")
        .initializer("$T.of($L)", LIST, String.join(", ", stateConstants))
        .build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    Set<String> methodNames = new HashSet<>(Set.of("steps", "engine"));
    List<MethodSpec> helpers = new ArrayList<>();
    List<CodeBlock> calls = new ArrayList<>();
    for (PipelineEntry entry : model.entries()) {
      MethodSpec helper = entry instanceof ParallelGroupModel g
          ? parallelMethod(g, target, constants, methodNames, helpers)
          : stepMethod((StepModel) entry, target, constants, methodNames);
      helpers.add(helper);
      calls.add(CodeBlock.of("$N(target)", helper));
    }
    type.addMethod(MethodSpec.methodBuilder("steps")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Returns the steps of {@code target}, in order; each calls a method of {@code target} directly.\n")
        .returns(ParameterizedTypeName.get(LIST, STEP))
        .addParameter(target, "target")
        .addStatement("$T.requireNonNull(target, $S)", OBJECTS, "target")
        .addStatement("return $T.of($L)", LIST, listArguments(calls))
        .build());
    type.addMethod(MethodSpec.methodBuilder("engine")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Returns an engine builder with the steps of {@code target}; set a state keeper and build it.\n")
        .returns(STEPS_ENGINE.nestedClass("Builder"))
        .addParameter(target, "target")
        .addStatement("return $T.builder().steps(steps(target))", STEPS_ENGINE)
        .build());
    type.addMethods(helpers);
    return JavaFile.builder(name.packageName(), type.build()).skipJavaLangImports(true).build();
  }

  private static List<StepModel> inOrder(PipelineModel model) {
    List<StepModel> out = new ArrayList<>();
    for (PipelineEntry e : model.entries()) {
      if (e instanceof ParallelGroupModel g) {
        out.addAll(g.children());
      } else {
        out.add((StepModel) e);
      }
    }
    return out;
  }

  private static CodeBlock listArguments(List<CodeBlock> calls) {
    if (calls.isEmpty()) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder().add("\n").add(CodeBlock.join(calls, ",\n")).build();
  }

  private static TypeName targetType(PipelineModel model) {
    int params = model.type().getTypeParameters().size();
    if (params == 0) {
      return model.target();
    }
    TypeName[] wildcards = new TypeName[params];
    java.util.Arrays.fill(wildcards, WildcardTypeName.subtypeOf(Object.class));
    return ParameterizedTypeName.get(model.target(), wildcards);
  }

  private MethodSpec parallelMethod(ParallelGroupModel group, TypeName target, Map<StepModel, String> constants,
      Set<String> methodNames, List<MethodSpec> helpers) {
    String name = JavaNames.method(group.name(), "Parallel", methodNames);
    List<CodeBlock> children = new ArrayList<>();
    for (StepModel child : group.children()) {
      MethodSpec helper = stepMethod(child, target, constants, methodNames);
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
    return helper(name, target, "Parallel group {@code " + group.name() + "}.", body.build());
  }

  private MethodSpec stepMethod(StepModel step, TypeName target, Map<StepModel, String> constants,
      Set<String> methodNames) {
    String name = JavaNames.method(step.methodName(), "Step", methodNames);
    String call = "target." + step.methodName() + (step.takesContext() ? "(ctx)" : "()");
    CodeBlock.Builder body = CodeBlock.builder();
    switch (step.kind()) {
      case ACTION -> body.add("return $T.named($S)", ClassName.get(RUNTIME, "SimpleStep"), step.name());
      case DYNAMIC -> body.add("return $T.named($S)", ClassName.get(RUNTIME, "DynamicStep"), step.name());
      case GROUP -> body.add("return $T.named($S)", ClassName.get(RUNTIME, "GroupedSteps"), step.name());
    }
    addOptions(step, constants.get(step), body);
    switch (step.kind()) {
      case ACTION -> body.add("\n.run(ctx -> $L)", call);
      case DYNAMIC -> body.add("\n.steps(ctx -> $L)", call);
      case GROUP -> body.add("\n.steps($T.steps($L))", step.groupPipeline(), call);
    }
    body.add("\n.build()");
    return helper(name, target, "Step {@code " + step.name() + "}: calls {@code " + step.methodName() + "}.",
        body.build());
  }

  private static MethodSpec helper(String name, TypeName target, String javadoc, CodeBlock returnExpression) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("$L\n", javadoc)
        .returns(STEP)
        .addParameter(target, "target")
        .addStatement("$L", returnExpression)
        .build();
  }

  private static void addOptions(StepModel step, String constant, CodeBlock.Builder body) {
    if (step.hasState()) {
      body.add("\n.state($T.of($N)", STATE, constant);
      if (!step.reason().isEmpty()) {
        body.add(".withReason($S)", step.reason());
      }
      if (!step.message().isEmpty()) {
        body.add(".withMessage($S)", step.message());
      }
      body.add(")");
    }
    for (MethodRef predicate : step.when()) {
      body.add("\n.when($T.of($S, ctx -> target.$L($L)))", STEP_PREDICATE, predicate.name(), predicate.name(),
          predicate.takesContext() ? "ctx" : "");
    }
    flag(body, step.abortOnPredicatesFalse(), "abortOnPredicatesFalse");
    flag(body, step.skipStateCheck(), "skipStateCheck");
    flag(body, step.continueOnError(), "continueOnError");
    flag(body, step.finishOnSuccess(), "finishOnSuccess");
    if (step.onFail() != null) {
      body.add("\n.onFail((ctx, step, failure) -> target.$L($Lstep, failure))", step.onFail().name(),
          step.onFail().takesContext() ? "ctx, " : "");
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

  private static void flag(CodeBlock.Builder body, boolean set, String method) {
    if (set) {
      body.add("\n.$L()", method);
    }
  }
}
