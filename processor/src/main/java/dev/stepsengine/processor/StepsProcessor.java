package dev.stepsengine.processor;

import com.google.auto.service.AutoService;
import dev.stepsengine.processor.codegen.ConditionsTableWriter;
import dev.stepsengine.processor.codegen.DiagramWriter;
import dev.stepsengine.processor.codegen.PipelineWriter;
import dev.stepsengine.processor.model.Names;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.PipelineParser;
import dev.stepsengine.processor.model.StepKind;
import dev.stepsengine.processor.model.StepModel;
import dev.stepsengine.processor.validation.Diagnostic;
import dev.stepsengine.processor.validation.Diagnostics;
import dev.stepsengine.processor.validation.Message;
import dev.stepsengine.processor.validation.PipelineValidator;
import java.io.IOException;
import java.io.Writer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Generates a {@code <Class>Pipeline} for every {@code @Pipeline} class. Each class is parsed into a
 * model, validated as a whole (every problem reported, each on the annotation value at fault), and
 * written only when it has no errors. The processor never throws: an unexpected exception becomes
 * one error naming the class.
 */
@AutoService(Processor.class)
public final class StepsProcessor extends AbstractProcessor {

  /** Creates the processor; the compiler calls this through the service registration. */
  public StepsProcessor() {}

  private static final String GENERATED = "javax.annotation.processing.Generated";

  private WarningPolicy warnings;
  private RepeatedAnnotations repeatedAnnotations;
  private final Set<String> printed = new HashSet<>();

  /**
   * Returns every annotation of steps-annotations, and {@code @Generated}, which the generated classes
   * carry: the processor claims them all, so {@code -Xlint:processing} finds no unclaimed annotation
   * in either round (V14).
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Names.PIPELINE, Names.STEP_ANNOTATION, Names.STEP_LIST, Names.PARALLEL, Names.PARALLEL_LIST,
        Names.THROTTLE, Names.RETRY, GENERATED);
  }

  /** Returns {@code steps.warnings} ({@code warn}, {@code error} or {@code ignore}; V14). */
  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(WarningPolicy.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (warnings == null) {
      repeatedAnnotations = RepeatedAnnotations.of(processingEnv);
      String option = processingEnv.getOptions().get(WarningPolicy.OPTION);
      warnings = WarningPolicy.of(option).orElse(null);
      if (warnings == null) {
        processingEnv.getMessager().printMessage(Message.BAD_WARNINGS_OPTION.kind(),
            Message.BAD_WARNINGS_OPTION.format(option));
        warnings = WarningPolicy.of(null).orElseThrow();
      }
    }
    Set<Element> stepMethods = new HashSet<>();
    for (String annotation : List.of(Names.STEP_ANNOTATION, Names.STEP_LIST)) {
      TypeElement stepAnnotation = processingEnv.getElementUtils().getTypeElement(annotation);
      if (stepAnnotation != null) {
        stepMethods.addAll(round.getElementsAnnotatedWith(stepAnnotation));
      }
    }
    for (Element method : sorted(stepMethods)) {
      guarded(method, () -> checkEnclosedInPipeline(method));
    }
    TypeElement pipelineAnnotation = processingEnv.getElementUtils().getTypeElement(Names.PIPELINE);
    if (pipelineAnnotation != null) {
      for (Element type : sorted(round.getElementsAnnotatedWith(pipelineAnnotation))) {
        if (type.getKind().isClass()) {
          guarded(type, () -> generate((TypeElement) type));
        } else {
          print(new Diagnostic(Message.PIPELINE_NOT_CLASS,
              Message.PIPELINE_NOT_CLASS.format(kindName(type), type.getSimpleName()),
              type, Names.annotation(type, Names.PIPELINE), null));
        }
      }
    }
    return true;
  }

  private static String kindName(Element type) {
    return switch (type.getKind()) {
      case ANNOTATION_TYPE -> "annotation type";
      case INTERFACE -> "interface";
      case ENUM -> "enum";
      case RECORD -> "record";
      default -> type.getKind().toString().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** V11: a {@code @Step} method must be declared in a {@code @Pipeline} class. */
  private void checkEnclosedInPipeline(Element method) {
    Element owner = method.getEnclosingElement();
    if (owner.getKind().isInterface()) {
      print(new Diagnostic(Message.STEP_IN_INTERFACE,
          Message.STEP_IN_INTERFACE.format(method.getSimpleName(), kindName(owner), owner.getSimpleName()),
          method, Names.annotation(method, Names.STEP_ANNOTATION), null));
    } else if (Names.annotation(owner, Names.PIPELINE) == null) {
      String name = owner.getSimpleName().toString();
      print(new Diagnostic(Message.STEP_OUTSIDE_PIPELINE,
          Message.STEP_OUTSIDE_PIPELINE.format(method.getSimpleName(), name, name),
          method, Names.annotation(method, Names.STEP_ANNOTATION), null));
    }
  }

  private void generate(TypeElement type) throws IOException {
    PipelineParser parser = new PipelineParser(processingEnv.getElementUtils());
    PipelineModel model = parser.parse(type);
    Diagnostics diagnostics = new PipelineValidator(processingEnv.getElementUtils(), parser).validate(model);
    diagnostics.all().forEach(this::print);
    if (hasErrors(diagnostics) || !groupsGenerated(model, parser, new HashSet<>())) {
      return;
    }
    boolean generatedAvailable = processingEnv.getElementUtils()
        .getTypeElement(GENERATED) != null;
    new PipelineWriter(StepsProcessor.class.getName(), generatedAvailable).write(model)
        .writeTo(processingEnv.getFiler());
    writeResource(type, DiagramWriter.resourceName(model), new DiagramWriter().write(model));
    writeResource(type, ConditionsTableWriter.resourceName(model), new ConditionsTableWriter().write(model));
  }

  /**
   * Returns whether the pipelines this one uses as groups (transitively) are free of errors, so their
   * generated classes will exist; their own errors are reported when they are processed, and this one
   * then waits rather than adding "cannot find symbol" errors.
   */
  private boolean groupsGenerated(PipelineModel model, PipelineParser parser, Set<TypeElement> seen) {
    PipelineValidator validator = new PipelineValidator(processingEnv.getElementUtils(), parser);
    for (StepModel step : model.steps()) {
      if (step.kind().includesPipeline() && seen.add(step.groupType())) {
        PipelineModel group = parser.parse(step.groupType());
        if (hasErrors(validator.validate(group)) || !groupsGenerated(group, parser, seen)) {
          return false;
        }
      }
    }
    return true;
  }

  private void writeResource(TypeElement type, String name, String content) throws IOException {
    FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", name, type);
    try (Writer w = file.openWriter()) {
      w.write(content);
    }
  }

  /** Returns whether {@code diagnostics} hold an error once the warning policy is applied (V14). */
  private boolean hasErrors(Diagnostics diagnostics) {
    return diagnostics.all().stream().anyMatch(d -> warnings.kindOf(d).orElse(null) == Kind.ERROR);
  }

  /**
   * Reports {@code d} as the warning policy says; a diagnostic already reported (a base class's
   * problem found again through each subclass) is reported once.
   */
  private void print(Diagnostic d) {
    Kind kind = warnings.kindOf(d).orElse(null);
    if (kind == null || !printed.add(d.element() + "\u0000" + d.element().getEnclosingElement() + "\u0000"
        + d.value() + "\u0000" + d.text())) {
      return;
    }
    boolean repeated = d.mirror() != null && Names.isContainer(d.mirror());
    if (repeated && repeatedAnnotations != null && repeatedAnnotations.print(kind, d)) {
      return;
    }
    processingEnv.getMessager().printMessage(kind, d.text(), d.element(), d.mirror(), d.value());
  }

  /** Runs {@code work} for {@code element}; any failure becomes one error naming the element, never a crash. */
  private void guarded(Element element, Work work) {
    try {
      work.run();
    } catch (Exception | LinkageError | AssertionError e) {
      String name = element instanceof TypeElement t ? t.getQualifiedName().toString() : element.toString();
      processingEnv.getMessager().printMessage(Message.INTERNAL_ERROR.kind(),
          Message.INTERNAL_ERROR.format(name, e), element);
    }
  }

  /** Deterministic order, whatever order the compiler hands elements in. */
  /** Returns {@code elements} in a stable order (class, then element), each sort key built once. */
  private static List<Element> sorted(Set<? extends Element> elements) {
    return elements.stream()
        .map(e -> Map.entry(e.getEnclosingElement() + "#" + e, (Element) e))
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .toList();
  }

  /** Work on one element that may fail. */
  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }
}
