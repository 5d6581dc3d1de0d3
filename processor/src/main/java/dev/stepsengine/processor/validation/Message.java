package dev.stepsengine.processor.validation;

import javax.tools.Diagnostic.Kind;

/**
 * Every diagnostic the processor reports, with its stable rule code and text (SEMANTICS V1–V11).
 * A message states the rule and suggests the fix.
 */
public enum Message {
  /** V1: two steps share an order. */
  DUPLICATE_ORDER("V1", Kind.ERROR, "steps `%s` and `%s` share order %d; give each step its own order,"
      + " or run them concurrently with the same parallel = \"...\" group"),
  /** V2: two steps share a step name. */
  DUPLICATE_STEP_NAME("V2", Kind.ERROR, "step name \"%s\" of `%s` is already used by `%s`; step names must be"
      + " unique in a pipeline: set name = \"...\""),
  /** V2: two steps share a state name. */
  DUPLICATE_STATE_NAME("V2", Kind.ERROR, "state name \"%s\" of `%s` is already used by `%s`; every step of a"
      + " pipeline, groups included, needs its own state name"),
  /** V2: a step name breaks the step-name syntax. */
  INVALID_STEP_NAME("V2", Kind.ERROR, "%s"),
  /** V3: a state name is not a Kubernetes condition type. */
  INVALID_STATE_NAME("V3", Kind.ERROR, "%s"),
  /** V3: a reason is not a Kubernetes condition reason. */
  INVALID_REASON("V3", Kind.ERROR, "%s"),
  /** V4: the generated code cannot call the step method. */
  METHOD_NOT_CALLABLE("V4", Kind.ERROR, "step method `%s` is %s; the generated pipeline calls it directly, so"
      + " make it an instance method that is not private, abstract or generic"),
  /** V4: the generated code cannot reach the pipeline class. */
  CLASS_NOT_REACHABLE("V4", Kind.ERROR, "pipeline class `%s` is %s; the generated pipeline in the same package"
      + " must reach it, so make it (and its enclosing classes) at least package-private and not local"),
  /** V5: a step method has parameters other than one StepContext. */
  BAD_PARAMETERS("V5", Kind.ERROR, "step method `%s` takes (%s); a step method takes no parameter or one"
      + " StepContext%s"),
  /** V5: a step method returns something other than void, List of Step or a pipeline. */
  BAD_RETURN_TYPE("V5", Kind.ERROR, "step method `%s` returns %s; a step method returns void, List<PipelineStep>"
      + " (a dynamic step) or an instance of a @Pipeline class (a group)"),
  /** V5: a step method throws what its generated call cannot. */
  BAD_THROWS("V5", Kind.ERROR, "step method `%s` throws %s, which the generated pipeline cannot pass on; %s"),
  /** V6: a referenced method does not exist. */
  UNKNOWN_METHOD("V6", Kind.ERROR, "%s \"%s\" names no method of `%s`%s"),
  /** V6: a predicate method has the wrong shape. */
  BAD_PREDICATE("V6", Kind.ERROR, "predicate `%s` is `%s`; a predicate is `boolean %s()` or"
      + " `boolean %s(StepContext ctx)`"),
  /** V6: an onFail method has the wrong shape. */
  BAD_ON_FAIL("V6", Kind.ERROR, "onFail method `%s` is `%s`; an onFail method is `void %s(String step, Exception e)`"
      + " or `void %s(StepContext ctx, String step, Exception e)`"),
  /** V6: an interval method has the wrong shape. */
  BAD_INTERVAL("V6", Kind.ERROR, "interval method `%s` is `%s`; an interval method is `java.time.Duration %s()`,"
      + " not private or static, and throws no checked exception"),
  /** V6: a @Parallel declaration names no group. */
  UNUSED_PARALLEL("V6", Kind.ERROR, "@Parallel(name = \"%s\") names no group of `%s`; steps join a group with"
      + " @Step(parallel = \"%s\")%s"),
  /** V7: a duration does not parse or is not positive. */
  BAD_DURATION("V7", Kind.ERROR, "%s \"%s\" is not a positive duration; write an amount and a unit (ms, s, m, h, d),"
      + " such as \"500ms\", \"5m\" or \"1h30m\""),
  /** V7: inconsistent retry or parallel settings. */
  INCONSISTENT_SETTING("V7", Kind.ERROR, "%s"),
  /** V8: finishOnSuccess on a parallel child. */
  FINISH_IN_PARALLEL("V8", Kind.ERROR, "step `%s` of parallel group \"%s\" has finishOnSuccess, which a parallel"
      + " child cannot have; put the finishing step after the group"),
  /** V8: abortOnPredicatesFalse without predicates. */
  ABORT_WITHOUT_PREDICATES("V8", Kind.WARNING, "step `%s` has abortOnPredicatesFalse but no predicate, so it never"
      + " aborts; add when = \"...\" or remove abortOnPredicatesFalse"),
  /** V8: skipStateCheck without state. */
  SKIP_CHECK_WITHOUT_STATE("V8", Kind.WARNING, "step `%s` has skipStateCheck but no state, so there is no state"
      + " to check; add state = \"...\" or remove skipStateCheck"),
  /** V9: groups include each other. */
  GROUP_CYCLE("V9", Kind.ERROR, "groups include each other: %s; a pipeline cannot contain itself, so break the"
      + " cycle"),
  /** V10: a step after an unconditional finishOnSuccess step. */
  AFTER_FINISH("V10", Kind.WARNING, "step `%s` comes after `%s`, which has finishOnSuccess and no predicate, so"
      + " `%s` runs only when `%s` fails; give `%s` a predicate or move `%s` before it"),
  /** V11: a step method outside a pipeline class. */
  STEP_OUTSIDE_PIPELINE("V11", Kind.ERROR, "@Step method `%s` is in `%s`, which is not a pipeline; annotate `%s`"
      + " with @Pipeline"),
  /** The processor itself failed; never expected. */
  INTERNAL_ERROR("INTERNAL", Kind.ERROR, "the steps processor failed on `%s` (%s); nothing was generated for it."
      + " Please report this with the class");

  private final String rule;
  private final Kind kind;
  private final String template;

  Message(String rule, Kind kind, String template) {
    this.rule = rule;
    this.kind = kind;
    this.template = template;
  }

  /**
   * Returns the stable code, such as {@code STEPS-V1}.
   *
   * @return the stable code, such as {@code STEPS-V1}
   */
  public String code() {
    return "STEPS-" + rule;
  }

  /**
   * Returns whether this is an error or a warning.
   *
   * @return whether this is an error or a warning
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Returns the full text: the code, then the message filled with {@code args}.
   *
   * @param args the args
   * @return the full text
   */
  public String format(Object... args) {
    return code() + ": " + String.format(java.util.Locale.ROOT, template, args);
  }
}
