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
 * @param element the annotated element
 * @param mirror the annotation
 */
public record AnnotationSource(Element element, AnnotationMirror mirror) {

  /**
   * Returns the explicitly written value of {@code attribute}, or {@code null} when it was left at its default.
   *
   * @param attribute the attribute
   * @return the explicitly written value of {@code attribute}, or {@code null} when it was left at its default
   */
  public AnnotationValue value(String attribute) {
    return valueIn(mirror, attribute);
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
