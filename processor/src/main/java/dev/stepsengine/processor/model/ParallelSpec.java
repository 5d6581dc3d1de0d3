package dev.stepsengine.processor.model;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * A {@code @Parallel} declaration on a pipeline class.
 *
 * @param name the group name
 * @param maxConcurrency most children at once, 0 = all
 * @param failFast whether the first stopping failure interrupts the others
 * @param declared the {@code @Parallel} annotation itself
 * @param source the class and the annotation written on it (the container, when repeated), for diagnostics
 */
public record ParallelSpec(String name, int maxConcurrency, boolean failFast, AnnotationMirror declared,
    AnnotationSource source) {

  /**
   * Returns the written value of {@code attribute} of this declaration, or {@code null}.
   *
   * @param attribute the attribute
   * @return the written value of {@code attribute} of this declaration, or {@code null}
   */
  public AnnotationValue value(String attribute) {
    return AnnotationSource.valueIn(declared, attribute);
  }
}
