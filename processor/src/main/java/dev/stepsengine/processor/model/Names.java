package dev.stepsengine.processor.model;

import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** The qualified names the processor recognises, and the type tests built on them. */
public final class Names {
  /** {@code @Pipeline}. */
  public static final String PIPELINE = "dev.stepsengine.annotation.Pipeline";
  /** {@code @Step}. */
  public static final String STEP_ANNOTATION = "dev.stepsengine.annotation.Step";
  /** {@code @Step.List}, the container of repeated {@code @Step}s. */
  public static final String STEP_LIST = "dev.stepsengine.annotation.Step.List";
  /** {@code @Throttle}. */
  public static final String THROTTLE = "dev.stepsengine.annotation.Throttle";
  /** {@code @Retry}. */
  public static final String RETRY = "dev.stepsengine.annotation.Retry";
  /** {@code @Parallel}. */
  public static final String PARALLEL = "dev.stepsengine.annotation.Parallel";
  /** {@code @Parallel.List}. */
  public static final String PARALLEL_LIST = "dev.stepsengine.annotation.Parallel.List";
  /** The runtime's step context. */
  public static final String STEP_CONTEXT = "dev.stepsengine.StepContext";
  /** The runtime's step interface. */
  public static final String STEP = "dev.stepsengine.PipelineStep";

  private Names() {}

  /**
   * Returns the annotation of type {@code qualifiedName} on {@code element}, or {@code null}.
   *
   * @param element the element
   * @param qualifiedName the qualified name
   * @return the annotation of type {@code qualifiedName} on {@code element}, or {@code null}
   */
  public static AnnotationMirror annotation(Element element, String qualifiedName) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (qualifiedName(m.getAnnotationType()).equals(qualifiedName)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Returns whether {@code mirror} is the container of repeated {@code @Step}s or {@code @Parallel}s.
   *
   * @param mirror the annotation to look at
   * @return whether it is {@code @Step.List} or {@code @Parallel.List}
   */
  public static boolean isContainer(AnnotationMirror mirror) {
    String name = qualifiedName(mirror.getAnnotationType());
    return name.equals(STEP_LIST) || name.equals(PARALLEL_LIST);
  }

  /**
   * Returns whether {@code element} carries {@code @Step}, once or repeated.
   *
   * @param element the element to look at
   * @return whether it is a step method
   */
  public static boolean isStepMethod(Element element) {
    return annotation(element, STEP_ANNOTATION) != null || annotation(element, STEP_LIST) != null;
  }

  /**
   * Returns whether {@code type} is the class {@code qualifiedName} (type arguments ignored).
   *
   * @param type the type to test
   * @param qualifiedName the class's qualified name
   * @return whether {@code type} is that class
   */
  public static boolean isClass(TypeMirror type, String qualifiedName) {
    return type.getKind() == TypeKind.DECLARED && qualifiedName((DeclaredType) type).equals(qualifiedName);
  }

  /**
   * Returns whether {@code type} is exactly {@code List<PipelineStep>}.
   *
   * @param type the type
   * @return whether {@code type} is exactly {@code List<PipelineStep>}
   */
  public static boolean isStepList(TypeMirror type) {
    if (!isClass(type, "java.util.List")) {
      return false;
    }
    List<? extends TypeMirror> args = ((DeclaredType) type).getTypeArguments();
    return args.size() == 1 && isClass(args.get(0), STEP);
  }

  /**
   * Returns the {@code @Pipeline} class {@code type} names, or {@code null} when it is not one.
   *
   * @param type the type
   * @return the {@code @Pipeline} class {@code type} names, or {@code null} when it is not one
   */
  public static TypeElement pipelineClass(TypeMirror type) {
    if (type.getKind() != TypeKind.DECLARED) {
      return null;
    }
    Element e = ((DeclaredType) type).asElement();
    return e.getKind().isClass() && annotation(e, PIPELINE) != null ? (TypeElement) e : null;
  }

  /**
   * Returns whether the first parameter of {@code method} is a {@code StepContext}.
   *
   * @param method the method
   * @return whether the first parameter of {@code method} is a {@code StepContext}
   */
  public static boolean firstParameterIsContext(ExecutableElement method) {
    return !method.getParameters().isEmpty() && isClass(method.getParameters().get(0).asType(), STEP_CONTEXT);
  }

  /**
   * Returns whether {@code thrown} is a subclass of one of {@code roots} (qualified names), such as
   * {@code java.lang.RuntimeException}.
   *
   * @param thrown the thrown
   * @param roots the roots
   * @return whether {@code thrown} is a subclass of one of {@code roots} (qualified names), such as {@code java.lang.RuntimeException}
   */
  public static boolean isSubclassOfAny(TypeMirror thrown, String... roots) {
    TypeMirror t = thrown;
    for (; t.getKind() == TypeKind.DECLARED; t = ((TypeElement) ((DeclaredType) t).asElement()).getSuperclass()) {
      for (String root : roots) {
        if (qualifiedName((DeclaredType) t).equals(root)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String qualifiedName(DeclaredType type) {
    return ((TypeElement) type.asElement()).getQualifiedName().toString();
  }
}
