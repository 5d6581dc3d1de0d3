package dev.stepsengine.processor;

import dev.stepsengine.processor.model.AnnotationSource;
import dev.stepsengine.processor.model.Names;
import dev.stepsengine.processor.validation.Diagnostic;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * V14: warnings are the user's. A warning is dropped when the element it is reported on, or an
 * element enclosing it, carries {@code @SuppressWarnings} with its key ({@code "steps:V10"}), the
 * processor's key ({@code "steps"}) or {@code "all"}; the processor option
 * {@code -Asteps.warnings=warn|error|ignore} reports the others as warnings (the default), as errors,
 * or not at all. Errors are never dropped.
 */
final class WarningPolicy {
  /** The processor option that decides what happens to warnings. */
  static final String OPTION = "steps.warnings";

  private static final String SUPPRESS_WARNINGS = "java.lang.SuppressWarnings";

  /** What the option asks for. */
  enum Mode {
    /** Report warnings as warnings. */
    WARN,
    /** Report warnings as errors, so nothing is generated. */
    ERROR,
    /** Report no warnings. */
    IGNORE
  }

  private final Mode mode;

  private WarningPolicy(Mode mode) {
    this.mode = mode;
  }

  /**
   * Returns the policy for the option's value ({@code null} when not given), or empty when the value
   * is not one of {@code warn}, {@code error}, {@code ignore}.
   */
  static Optional<WarningPolicy> of(String option) {
    if (option == null) {
      return Optional.of(new WarningPolicy(Mode.WARN));
    }
    for (Mode m : Mode.values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(option.trim().toLowerCase(Locale.ROOT))) {
        return Optional.of(new WarningPolicy(m));
      }
    }
    return Optional.empty();
  }

  /** Returns the kind {@code d} is reported as, or empty when it is not reported at all. */
  Optional<Kind> kindOf(Diagnostic d) {
    if (d.isError()) {
      return Optional.of(d.message().kind());
    }
    if (mode == Mode.IGNORE || suppressed(d.element(), "steps:" + d.message().rule())) {
      return Optional.empty();
    }
    return Optional.of(mode == Mode.ERROR ? Kind.ERROR : d.message().kind());
  }

  /** Returns whether {@code element} or an enclosing element suppresses warnings with {@code key}. */
  private static boolean suppressed(Element element, String key) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      AnnotationMirror suppress = Names.annotation(e, SUPPRESS_WARNINGS);
      AnnotationValue value = suppress == null ? null : AnnotationSource.valueIn(suppress, "value");
      if (value != null && value.getValue() instanceof List<?> keys) {
        for (Object k : keys) {
          String written = String.valueOf(((AnnotationValue) k).getValue());
          if (written.equalsIgnoreCase(key) || written.equals("steps") || written.equals("all")) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
