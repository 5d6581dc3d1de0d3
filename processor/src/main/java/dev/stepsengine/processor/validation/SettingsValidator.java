package dev.stepsengine.processor.validation;

import dev.stepsengine.processor.model.AnnotationSource;
import dev.stepsengine.processor.model.Durations;
import dev.stepsengine.processor.model.ParallelSpec;
import dev.stepsengine.processor.model.PipelineModel;
import dev.stepsengine.processor.model.RetryModel;
import dev.stepsengine.processor.model.StepKind;
import dev.stepsengine.processor.model.StepModel;
import dev.stepsengine.processor.model.ThrottleModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.OptionalLong;

/**
 * V7 and V8: durations parse and are positive; retry and parallel settings are consistent;
 * flags that need something else have it.
 */
final class SettingsValidator implements Validator {
  @Override
  public void validate(PipelineModel pipeline, Diagnostics out) {
    for (StepModel step : pipeline.steps()) {
      checkSingle(step.source(), "throttle", out);
      checkSingle(step.source(), "retry", out);
      if (step.throttle() != null) {
        checkThrottle(step, step.throttle(), out);
      }
      if (step.retry() != null) {
        checkRetry(step, step.retry(), out);
      }
      checkFlags(step, out);
      checkRuntimeFeatures(step, out);
    }
    Set<String> declared = new HashSet<>();
    for (ParallelSpec spec : pipeline.parallelSpecs()) {
      if (!declared.add(spec.name())) {
        out.report(spec.source(), spec.value("name"), Message.INCONSISTENT_SETTING, "parallel group \""
            + spec.name() + "\" is declared by more than one @Parallel; keep one");
      }
      if (spec.maxConcurrency() < 0) {
        out.report(spec.source(), spec.value("maxConcurrency"), Message.INCONSISTENT_SETTING, "maxConcurrency of"
            + " parallel group \"" + spec.name() + "\" must be at least 1 (or 0 for all children), was "
            + spec.maxConcurrency());
      }
    }
  }

  private static void checkSingle(AnnotationSource source, String attribute, Diagnostics out) {
    if (source.value(attribute) != null && source.value(attribute).getValue() instanceof List<?> list && list.size() > 1) {
      out.report(source, attribute, Message.INCONSISTENT_SETTING, attribute + " takes at most one annotation, but "
          + list.size() + " were given; keep one");
    }
  }

  private static void checkThrottle(StepModel step, ThrottleModel throttle, Diagnostics out) {
    if (throttle.everyMethod().isEmpty()) {
      duration(step, "throttle", "every", throttle.every(), out);
    } else if (!throttle.every().isEmpty()) {
      out.report(step.source(), step.source().nestedValue("throttle", "everyMethod"), Message.INCONSISTENT_SETTING,
          "throttle of step `" + step.label() + "` sets both every and everyMethod; keep one");
    }
    if (!throttle.key().isEmpty() && throttle.key().isBlank()) {
      out.report(step.source(), step.source().nestedValue("throttle", "key"), Message.INCONSISTENT_SETTING,
          "throttle key of step `" + step.label() + "` is blank; leave it empty to use the step name");
    }
  }

  private static void checkRetry(StepModel step, RetryModel retry, Diagnostics out) {
    AnnotationSource source = step.source();
    if (retry.maxAttempts() < 1) {
      out.report(source, source.nestedValue("retry", "maxAttempts"), Message.INCONSISTENT_SETTING,
          "retry maxAttempts of step `" + step.label() + "` must be at least 1, was " + retry.maxAttempts());
    }
    if (retry.multiplier() < 1.0 || Double.isNaN(retry.multiplier())) {
      out.report(source, source.nestedValue("retry", "multiplier"), Message.INCONSISTENT_SETTING,
          "retry multiplier of step `" + step.label() + "` must be at least 1, was " + retry.multiplier());
    }
    OptionalLong backoff = duration(step, "retry", "backoff", retry.backoff(), out);
    OptionalLong max = duration(step, "retry", "maxBackoff", retry.maxBackoff(), out);
    if (backoff.isPresent() && max.isPresent() && max.getAsLong() < backoff.getAsLong()) {
      out.report(source, source.nestedValue("retry", "maxBackoff"), Message.INCONSISTENT_SETTING,
          "retry maxBackoff \"" + retry.maxBackoff() + "\" of step `" + step.label()
              + "` is shorter than its backoff \"" + retry.backoff() + "\"; make it at least as long");
    }
  }

  private static OptionalLong duration(StepModel step, String outer, String attribute, String text, Diagnostics out) {
    OptionalLong millis = Durations.parseMillis(text);
    if (millis.isEmpty() || millis.getAsLong() <= 0) {
      out.report(step.source(), step.source().nestedValue(outer, attribute), Message.BAD_DURATION,
          outer + " " + attribute, text);
      return OptionalLong.empty();
    }
    return millis;
  }

  /**
   * V7 and V8 for the step timeout (R16), keeping a state across spec changes (K9) and declared
   * outputs (R18): the timeout is a positive duration; outputs are stored with the succeeded state,
   * so they need a state (an error: the engine refuses to build such a step); keeping a state needs
   * one (a warning: it has no effect); output names follow the runtime's rule and are not repeated.
   */
  private static void checkRuntimeFeatures(StepModel step, Diagnostics out) {
    if (!step.timeout().isEmpty()) {
      OptionalLong millis = Durations.parseMillis(step.timeout());
      if (millis.isEmpty() || millis.getAsLong() <= 0) {
        out.report(step.source(), "timeout", Message.BAD_DURATION, "timeout", step.timeout());
      }
    }
    if (step.keepAcrossSpecChanges() && !step.hasState()) {
      out.report(step.source(), "keepAcrossSpecChanges", Message.KEEP_WITHOUT_STATE, step.label());
    }
    if (!step.outputs().isEmpty() && !step.hasState()) {
      out.report(step.source(), "outputs", Message.OUTPUTS_WITHOUT_STATE, step.label());
    }
    List<?> written = step.source().value("outputs") == null ? List.of()
        : (List<?>) step.source().value("outputs").getValue();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < step.outputs().size(); i++) {
      String name = step.outputs().get(i);
      javax.lang.model.element.AnnotationValue value = i < written.size()
          ? (javax.lang.model.element.AnnotationValue) written.get(i) : step.source().value("outputs");
      String problem = dev.stepsengine.StepNames.outputNameProblem(name);
      if (problem != null) {
        out.report(step.source(), value, Message.INVALID_OUTPUT_NAME, NameValidator.withoutCode(problem));
      } else if (!seen.add(name)) {
        out.report(step.source(), value, Message.INCONSISTENT_SETTING, "output \"" + name + "\" of step `"
            + step.label() + "` is declared twice; keep one");
      }
    }
  }

  /** The only attributes an inlining step takes: it is a position, not a step. */
  private static final Set<String> INLINE_ATTRIBUTES = Set.of("order", "inline");

  /** V5 and V8: {@code inline} needs a method that returns a pipeline, and takes no step setting. */
  private static void checkInline(StepModel step, Diagnostics out) {
    if (step.kind() != StepKind.FRAGMENT && step.source().value("inline") != null
        && Boolean.TRUE.equals(step.source().value("inline").getValue())) {
      out.report(step.source(), "inline", Message.INLINE_NOT_PIPELINE, step.label(),
          step.method().getReturnType().toString());
      return;
    }
    if (step.kind() != StepKind.FRAGMENT) {
      return;
    }
    step.source().declared().getElementValues().forEach((attribute, value) -> {
      String name = attribute.getSimpleName().toString();
      if (!INLINE_ATTRIBUTES.contains(name)) {
        out.report(step.source(), value, Message.INLINE_WITH_SETTINGS, step.label(),
            step.groupType().getSimpleName(), name);
      }
    });
  }

  private static void checkFlags(StepModel step, Diagnostics out) {
    checkInline(step, out);
    if (step.finishOnSuccess() && !step.parallel().isEmpty()) {
      out.report(step.source(), "finishOnSuccess", Message.FINISH_IN_PARALLEL, step.label(), step.parallel());
    }
    if (step.abortOnPredicatesFalse() && step.when().isEmpty()) {
      out.report(step.source(), "abortOnPredicatesFalse", Message.ABORT_WITHOUT_PREDICATES, step.label());
    }
    if (step.skipStateCheck() && !step.hasState()) {
      out.report(step.source(), "skipStateCheck", Message.SKIP_CHECK_WITHOUT_STATE, step.label());
    }
  }
}
