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
 * {@code steps(target)} and {@code engine(target)}. The steps are built by nested classes
 * {@code Steps1}, {@code Steps2}… of at most {@value #STEPS_PER_PART} steps each (see
 * {@link StepsPartWriter}); every step calls its method on the target directly, through a
 * {@code switch} in a nested class rather than a lambda, so nothing is looked up or bootstrapped at
 * run time. Output depends only on the model, so compiling the same sources twice gives the same text.
 */
public final class PipelineWriter {
  /**
   * The most steps a nested {@code Steps<n>} part builds: even with predicates, retries and long
   * names a part then needs a few thousand of the 65,535 constant-pool entries of a class.
   */
  static final int STEPS_PER_PART = 250;

  private static final String RUNTIME = "dev.stepsengine";
  private static final ClassName STEP = ClassName.get(RUNTIME, "PipelineStep");
  private static final ClassName STEPS_ENGINE = ClassName.get(RUNTIME, "StepsEngine");
  private static final ClassName LIST = ClassName.get("java.util", "List");
  private static final ClassName ARRAY_LIST = ClassName.get("java.util", "ArrayList");
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

  /**
   * Returns the generated source file of {@code model}, with the pipeline class as its originating element.
   *
   * @param model the model
   * @return the generated source file of {@code model}, with the pipeline class as its originating element
   */
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
    Map<String, String> constants = new HashMap<>();
    List<String> stateConstants = new ArrayList<>();
    List<StepModel> steps = model.runSteps();
    for (StepModel step : steps) {
      if (step.hasState()) {
        String constant = JavaNames.constant(step.state(), fieldNames);
        constants.put(step.state(), constant);
        stateConstants.add(constant);
        type.addField(FieldSpec.builder(String.class, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("State name of step {@code $L}.\n", step.name())
            .initializer("$S", step.state())
            .build());
      }
    }
    for (PipelineEntry entry : model.runEntries()) {
      List<String> names = new ArrayList<>();
      names.add(entry.name());
      if (entry instanceof ParallelGroupModel group) {
        group.children().forEach(child -> names.add(child.name()));
      }
      for (String stepName : names) {
        type.addField(FieldSpec.builder(String.class, JavaNames.constant("step." + stepName, fieldNames),
                Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Name of step {@code $L}.\n", stepName)
            .initializer("$S", stepName)
            .build());
      }
    }
    for (PipelineModel.ExternalState external : model.externalStates()) {
      String constant = JavaNames.constant(external.name(), fieldNames);
      constants.put(external.name(), constant);
      type.addField(FieldSpec.builder(String.class, constant, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
          .addJavadoc("External state read by state conditions; written by someone else.\n")
          .initializer("$S", external.name())
          .build());
    }
    type.addField(FieldSpec.builder(ParameterizedTypeName.get(LIST, ClassName.get(String.class)), "STATE_NAMES",
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Every state name of this pipeline, in step order.\n")
        .initializer("$T.of($L)", LIST, String.join(", ", stateConstants))
        .build());
    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());

    Set<String> methodNames = new HashSet<>(Set.of("steps", "engine"));
    List<List<PipelineEntry>> parts = parts(model.entries());
    List<TypeSpec> partTypes = new ArrayList<>();
    for (List<PipelineEntry> entries : parts) {
      partTypes.add(StepsPartWriter.write("Steps" + (partTypes.size() + 1), entries, target, constants, methodNames));
    }
    type.addMethod(MethodSpec.methodBuilder("steps")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Returns the steps of {@code target}, in order; each calls a method of {@code target} directly.\n")
        .returns(ParameterizedTypeName.get(LIST, STEP))
        .addParameter(target, "target")
        .addStatement("$T.requireNonNull(target, $S)", OBJECTS, "target")
        .addCode(stepsOfParts(partTypes, model.entries().size()))
        .build());
    type.addMethod(MethodSpec.methodBuilder("engine")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .addJavadoc("Returns an engine builder with the steps of {@code target}; set a state keeper and build it.\n")
        .returns(STEPS_ENGINE.nestedClass("Builder"))
        .addParameter(target, "target")
        .addStatement("return $T.builder().steps(steps(target))", STEPS_ENGINE)
        .build());
    type.addTypes(partTypes);
    return JavaFile.builder(name.packageName(), type.build()).skipJavaLangImports(true).build();
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

  /**
   * Splits the entries, in order, into parts of at most {@link #STEPS_PER_PART} steps; a parallel
   * group is never split, so one larger than that is a part of its own.
   */
  private static List<List<PipelineEntry>> parts(List<PipelineEntry> entries) {
    List<List<PipelineEntry>> parts = new ArrayList<>();
    List<PipelineEntry> part = new ArrayList<>();
    int steps = 0;
    for (PipelineEntry entry : entries) {
      int size = entry instanceof ParallelGroupModel g ? g.children().size() : 1;
      if (!part.isEmpty() && steps + size > STEPS_PER_PART) {
        parts.add(part);
        part = new ArrayList<>();
        steps = 0;
      }
      part.add(entry);
      steps += size;
    }
    if (!part.isEmpty()) {
      parts.add(part);
    }
    return parts;
  }

  private static CodeBlock stepsOfParts(List<TypeSpec> parts, int entryCount) {
    if (parts.isEmpty()) {
      return CodeBlock.of("return $T.of();\n", LIST);
    }
    if (parts.size() == 1) {
      return CodeBlock.of("return $N.steps(target);\n", parts.get(0));
    }
    CodeBlock.Builder code = CodeBlock.builder()
        .addStatement("$T<$T> steps = new $T<>($L)", LIST, STEP, ARRAY_LIST, entryCount);
    for (TypeSpec part : parts) {
      code.addStatement("steps.addAll($N.steps(target))", part);
    }
    return code.addStatement("return $T.copyOf(steps)", LIST).build();
  }
}
