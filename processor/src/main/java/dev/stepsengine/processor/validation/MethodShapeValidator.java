package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.AnnotationSource;
import dev.stepsengine.processor.model.Names;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.StepKind;
import dev.stepsengine.processor.model.StepModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** V4 and V5: the generated code can call each step method directly, and the method has an allowed shape. */
final class MethodShapeValidator implements Validator {
  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    checkClass(pipeline, out);
    for (StepModel step : pipeline.steps()) {
      checkCallable(step, pipeline.type(), out);
      checkShape(step, out);
    }
  }

  private static void checkClass(PipelineModel pipeline, Diagnostics out) {
    List<String> problems = new ArrayList<>();
    for (Element e = pipeline.type(); e instanceof TypeElement t; e = t.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        problems.add(t == pipeline.type() ? "private" : "inside private class `" + t.getSimpleName() + "`");
      }
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS) {
        problems.add("local");
      }
    }
    if (!problems.isEmpty()) {
      AnnotationSource source = new AnnotationSource(pipeline.type(), Names.annotation(pipeline.type(), Names.PIPELINE));
      out.reportOnAnnotation(source, Message.CLASS_NOT_REACHABLE,
          pipeline.type().getSimpleName(), String.join(" and ", problems));
    }
  }

  private static String packageOf(Element e) {
    Element p = e;
    while (p != null && !(p instanceof javax.lang.model.element.PackageElement)) {
      p = p.getEnclosingElement();
    }
    return p == null ? "" : ((javax.lang.model.element.PackageElement) p).getQualifiedName().toString();
  }

  private static void checkCallable(StepModel step, Element pipelineType, Diagnostics out) {
    ExecutableElement method = step.method();
    List<String> problems = new ArrayList<>();
    for (Modifier m : List.of(Modifier.PRIVATE, Modifier.STATIC, Modifier.ABSTRACT)) {
      if (method.getModifiers().contains(m)) {
        problems.add(m.toString());
      }
    }
    if (!method.getTypeParameters().isEmpty()) {
      problems.add("generic");
    }
    Element declaring = method.getEnclosingElement();
    boolean otherPackage = !packageOf(declaring).equals(packageOf(pipelineType));
    if (otherPackage && !method.getModifiers().contains(Modifier.PUBLIC)) {
      problems.add("inherited from `" + declaring.getSimpleName() + "` in another package and not public");
    }
    if (!problems.isEmpty()) {
      // on the method's declaration (where its modifiers are) or its type parameter, not on the @Step
      Element at = problems.equals(List.of("generic")) ? method.getTypeParameters().get(0) : method;
      out.report(at, Message.METHOD_NOT_CALLABLE, step.label(), String.join(" and ", problems));
    }
  }

  private static void checkShape(StepModel step, Diagnostics out) {
    ExecutableElement method = step.method();
    boolean contextOnly = method.getParameters().size() == 1 && step.takesContext();
    boolean groupWithContext = step.kind().includesPipeline() && !method.getParameters().isEmpty();
    if (groupWithContext || !(method.getParameters().isEmpty() || contextOnly)) {
      String params = method.getParameters().stream().map(p -> p.asType().toString()).collect(Collectors.joining(", "));
      Element at = method.getParameters().stream()
          .filter(p -> groupWithContext || !Names.isClass(p.asType(), Names.STEP_CONTEXT)
              || method.getParameters().size() > 1)
          .map(p -> (Element) p).findFirst().orElse(method);
      out.report(at, Message.BAD_PARAMETERS,
          step.label(), params,
          step.kind().includesPipeline() ? "; a group step method takes none, as it is called once when the steps are built" : "");
    }
    checkThrows(step, out);
    boolean allowed = method.getReturnType().getKind() == TypeKind.VOID || step.kind() != StepKind.ACTION;
    if (!allowed) {
      out.report(method, Message.BAD_RETURN_TYPE,
          step.label(), method.getReturnType().toString());
    }
  }

  /**
   * A group method is called while {@code steps(target)} builds the list, so it may throw only
   * unchecked exceptions; other step methods run inside the engine, which takes any {@code Exception}.
   */
  private static void checkThrows(StepModel step, Diagnostics out) {
    boolean group = step.kind().includesPipeline();
    for (TypeMirror thrown : step.method().getThrownTypes()) {
      boolean allowed = group
          ? Names.isSubclassOfAny(thrown, "java.lang.RuntimeException", "java.lang.Error")
          : Names.isSubclassOfAny(thrown, "java.lang.Exception", "java.lang.Error");
      if (!allowed) {
        out.reportOnAnnotation(step.source(), Message.BAD_THROWS, step.label(), thrown, group
            ? "a group step method is called when the steps are built, so it may throw only unchecked exceptions"
            : "a step method may throw any Exception, but not Throwable");
      }
    }
  }
}
