package dev.stepsengine.processor.model;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Where an annotation was written, so a diagnostic can point at the element, the annotation and the
 * exact attribute value at fault.
 *
 * <p>For a repeated annotation ({@code @Step} written twice), javac holds the occurrences in a
 * container annotation: {@code mirror} is then the container, which the compiler can place, and
 * {@code declared} the occurrence whose values are read; {@code whole} is the occurrence as a value
 * of the container, so a problem with the occurrence as a whole is shown on it.
 *
 * @param element the annotated element
 * @param mirror the annotation as the compiler reports on it
 * @param declared the annotation whose attributes are read
 * @param whole the occurrence inside a container, or {@code null} when written once
 */
public record AnnotationSource(Element element, AnnotationMirror mirror, AnnotationMirror declared,
    AnnotationValue whole) {

  /**
   * Returns the source of an annotation written once on {@code element}.
   *
   * @param element the annotated element
   * @param mirror the annotation
   */
  public AnnotationSource(Element element, AnnotationMirror mirror) {
    this(element, mirror, mirror, null);
  }

  /**
   * Returns the source of one occurrence of a repeated annotation.
   *
   * @param element the annotated element
   * @param container the container annotation javac made
   * @param occurrence the occurrence
   * @param whole the occurrence as an element of the container's value
   * @return the source
   */
  public static AnnotationSource repeated(Element element, AnnotationMirror container, AnnotationMirror occurrence,
      AnnotationValue whole) {
    return new AnnotationSource(element, container, occurrence, whole);
  }

  /**
   * Returns the explicitly written value of {@code attribute}, or {@code null} when it was left at its default.
   *
   * @param attribute the attribute
   * @return the explicitly written value of {@code attribute}, or {@code null} when it was left at its default
   */
  public AnnotationValue value(String attribute) {
    return valueIn(declared, attribute);
  }

  /**
   * Returns the explicitly written value of {@code attribute} of the annotation nested in
   * {@code outer} (such as {@code throttle.every}), else the value of {@code outer}, else {@code null}.
   *
   * @param outer the outer
   * @param attribute the attribute
   * @return the explicitly written value of {@code attribute} of the annotation nested in {@code outer} (such as {@code throttle.every}), else the value of {@code outer}, else {@code null}
   */
  public AnnotationValue nestedValue(String outer, String attribute) {
    AnnotationValue outerValue = value(outer);
    if (outerValue == null) {
      return null;
    }
    Object v = outerValue.getValue();
    if (v instanceof java.util.List<?> list && list.size() == 1 && list.get(0) instanceof AnnotationValue single) {
      v = single.getValue();
    }
    if (v instanceof AnnotationMirror nested) {
      AnnotationValue inner = valueIn(nested, attribute);
      if (inner != null) {
        return inner;
      }
    }
    return outerValue;
  }

  /**
   * Returns the explicitly written value of {@code attribute} of {@code mirror}, or {@code null}.
   *
   * @param mirror the mirror
   * @param attribute the attribute
   * @return the explicitly written value of {@code attribute} of {@code mirror}, or {@code null}
   */
  public static AnnotationValue valueIn(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }
}
