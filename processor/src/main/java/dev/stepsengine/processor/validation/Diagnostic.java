package dev.stepsengine.processor.validation;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * One problem found by a validator, with where to report it.
 *
 * @param message the catalog entry
 * @param text the full text
 * @param element the element at fault
 * @param mirror the annotation at fault, or {@code null}
 * @param value the annotation value at fault, or {@code null}
 */
public record Diagnostic(Message message, String text, Element element, AnnotationMirror mirror, AnnotationValue value) {

  /**
   * Returns whether the problem is an error (and so nothing is generated).
   *
   * @return whether the problem is an error (and so nothing is generated)
   */
  public boolean isError() {
    return message.kind() == Kind.ERROR;
  }
}
