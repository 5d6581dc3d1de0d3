package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.AnnotationSource;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/** Collects the diagnostics of one pipeline class. */
public final class Diagnostics {
  private final List<Diagnostic> all = new ArrayList<>();

  /**
   * Reports {@code message} on the value of {@code attribute} (or the annotation, when it was not written).
   *
   * @param source the source
   * @param attribute the attribute
   * @param message the detail message
   * @param args the args
   */
  public void report(AnnotationSource source, String attribute, Message message, Object... args) {
    AnnotationValue value = source.value(attribute);
    report(source, value == null ? source.whole() : value, message, args);
  }

  /**
   * Reports {@code message} on {@code value} of {@code source}'s annotation.
   *
   * @param source the source
   * @param value the value
   * @param message the detail message
   * @param args the args
   */
  public void report(AnnotationSource source, AnnotationValue value, Message message, Object... args) {
    all.add(new Diagnostic(message, message.format(args), source.element(), source.mirror(), value));
  }

  /**
   * Reports {@code message} on {@code source}'s whole annotation (for a repeated one, its occurrence).
   *
   * @param source the annotation at fault
   * @param message the rule broken
   * @param args the values the message's text is filled with
   */
  public void reportOnAnnotation(AnnotationSource source, Message message, Object... args) {
    report(source, source.whole(), message, args);
  }

  /**
   * Reports {@code message} on {@code element} alone.
   *
   * @param element the element
   * @param message the detail message
   * @param args the args
   */
  public void report(Element element, Message message, Object... args) {
    all.add(new Diagnostic(message, message.format(args), element, null, null));
  }

  /**
   * Returns every diagnostic, in the order reported.
   *
   * @return every diagnostic, in the order reported
   */
  public List<Diagnostic> all() {
    return List.copyOf(all);
  }

  /**
   * Returns whether an error was reported.
   *
   * @return whether an error was reported
   */
  public boolean hasErrors() {
    return all.stream().anyMatch(Diagnostic::isError);
  }
}
