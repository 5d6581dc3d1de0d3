package dev.stepsengine.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * A nested class that implements one callback interface of the runtime ({@code StepAction},
 * {@code StepPredicate}, {@code FailureHandler}, {@code StepSupplier}) for many steps at
 * once: each instance holds the target and an index, and a {@code switch} on the index calls the
 * target's method directly. One class instead of one lambda per call keeps the generated class's
 * constant pool small and the first run free of lambda bootstraps.
 */
final class DispatchClass {
  private static final String RUNTIME = "dev.stepsengine";
  private static final ClassName STEP = ClassName.get(RUNTIME, "PipelineStep");
  private static final ParameterSpec CTX = ParameterSpec.builder(ClassName.get(RUNTIME, "StepContext"), "ctx").build();

  private final String name;
  private final ClassName callback;
  private final String method;
  private final TypeName returns;
  private final List<ParameterSpec> parameters;
  private final Map<String, Integer> indexes = new LinkedHashMap<>();

  private DispatchClass(String name, ClassName callback, String method, TypeName returns, List<ParameterSpec> parameters) {
    this.name = name;
    this.callback = callback;
    this.method = method;
    this.returns = returns;
    this.parameters = parameters;
  }

  /** PipelineStep actions: {@code StepAction.run(ctx)}. */
  static DispatchClass actions() {
    return new DispatchClass("Actions", ClassName.get(RUNTIME, "StepAction"), "run", TypeName.VOID,
        List.of(CTX));
  }

  /** Predicates: {@code StepPredicate.test(ctx)}. */
  static DispatchClass conditions() {
    return new DispatchClass("Conditions", ClassName.get(RUNTIME, "StepPredicate"), "test",
        TypeName.BOOLEAN, List.of(CTX));
  }

  /** {@code onFail} handlers: {@code FailureHandler.onFailure(ctx, stepName, failure)}. */
  static DispatchClass failureHandlers() {
    return new DispatchClass("FailureHandlers", ClassName.get(RUNTIME, "FailureHandler"), "onFailure", TypeName.VOID,
        List.of(CTX, ParameterSpec.builder(String.class, "stepName").build(),
            ParameterSpec.builder(Exception.class, "failure").build()));
  }

  /** Dynamic steps: {@code StepSupplier.steps(ctx)}. */
  static DispatchClass suppliers() {
    return new DispatchClass("Suppliers", ClassName.get(RUNTIME, "StepSupplier"), "steps",
        ParameterizedTypeName.get(ClassName.get("java.util", "List"), STEP), List.of(CTX));
  }

  /**
   * Returns {@code new <Name>(target, i)}, where case {@code i} evaluates {@code call}; the same call
   * gets the same index.
   */
  CodeBlock instance(String call) {
    int index = indexes.computeIfAbsent(call, c -> indexes.size());
    return CodeBlock.of("new $L(target, $L)", name, index);
  }

  /** Returns whether no call was added, so the class need not be written. */
  boolean isEmpty() {
    return indexes.isEmpty();
  }

  /** Returns the class, with one {@code case} per added call in the order they were added. */
  TypeSpec write(TypeName target) {
    MethodSpec.Builder callbackMethod = MethodSpec.methodBuilder(method)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns)
        .addParameters(parameters)
        .addException(Exception.class);
    CodeBlock.Builder body = CodeBlock.builder()
        .add(returns.equals(TypeName.VOID) ? "switch (index) {\n" : "return switch (index) {\n")
        .indent();
    for (Map.Entry<String, Integer> c : indexes.entrySet()) {
      body.add("case $L -> $L;\n", c.getValue(), c.getKey());
    }
    body.add("default -> throw new $T(index);\n", AssertionError.class)
        .unindent()
        .add(returns.equals(TypeName.VOID) ? "}\n" : "};\n");
    callbackMethod.addCode(body.build());
    return TypeSpec.classBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(callback)
        .addJavadoc("Calls the target's method number {@code index} of this part as a {@link $T}.\n", callback)
        .addField(target, "target", Modifier.PRIVATE, Modifier.FINAL)
        .addField(TypeName.INT, "index", Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder()
            .addParameter(target, "target")
            .addParameter(TypeName.INT, "index")
            .addStatement("this.target = target")
            .addStatement("this.index = index")
            .build())
        .addMethod(callbackMethod.build())
        .build();
  }
}
