package dev.stepsengine.processor.validation;

import javax.tools.Diagnostic.Kind;

/**
 * Every diagnostic the processor reports, with its stable rule code and text (SEMANTICS V1–V14).
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
  /** V5: inline on a method that does not return a pipeline. */
  INLINE_NOT_PIPELINE("V5", Kind.ERROR, "step method `%s` has inline = true but returns %s; only a method that"
      + " returns an instance of a @Pipeline class can be inlined (its steps are spliced in)"),
  /** V8: an inlining step with settings of a step. */
  INLINE_WITH_SETTINGS("V8", Kind.ERROR, "`%s` inlines the steps of `%s`, so it is no step of its own and takes"
      + " no %s; set it on the fragment's steps, or drop inline = true to run `%2$s` as one group step"),
  /** V8: outputs without state. */
  OUTPUTS_WITHOUT_STATE("V8", Kind.ERROR, "step `%s` declares outputs but has no state; outputs are stored with the"
      + " step's succeeded state, so add state = \"...\" or remove outputs"),
  /** V8: keepAcrossSpecChanges without state. */
  KEEP_WITHOUT_STATE("V8", Kind.WARNING, "step `%s` has keepAcrossSpecChanges but no state, so there is no state"
      + " to keep; add state = \"...\" or remove keepAcrossSpecChanges"),
  /** V3: an output name breaks the output-name rule. */
  INVALID_OUTPUT_NAME("V3", Kind.ERROR, "%s"),
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
  /** V11: a step method in an interface, which can never be a pipeline. */
  STEP_IN_INTERFACE("V11", Kind.ERROR, "@Step method `%s` is in %s `%s`, which cannot be a pipeline: the generated"
      + " code calls step methods on an instance of a class; move the method to a @Pipeline class (an abstract"
      + " @Pipeline base class can hold steps shared by its subclasses)"),
  /** V11: @Pipeline on an interface, an annotation type or an enum. */
  PIPELINE_NOT_CLASS("V11", Kind.ERROR, "@Pipeline is on %s `%s`, but a pipeline is a class: the generated code"
      + " calls the @Step methods of the instance you pass in; put @Pipeline on a class (an abstract @Pipeline"
      + " base class can hold steps shared by its subclasses)"),
  /** V13: a when element that is not a predicate expression. */
  BAD_PREDICATE_EXPRESSION("V13", Kind.ERROR, "when = \"%s\" is not a predicate expression; write a method name"
      + " (\"isReady\"), its negation (\"!isReady\"), or a state condition (\"state:DbReady\" runs the step only"
      + " when state DbReady is True, \"!state:DbReady\" only when it is not); list several to require them all"),
  /** V13: a state condition names no state of the pipeline and no declared external state. */
  UNKNOWN_STATE("V13", Kind.ERROR, "when = \"%s\" names state \"%s\", which is no state of `%s` (groups and"
      + " fragments included) and not declared external%s; if another controller writes it, declare it with"
      + " @Pipeline(externalStates = \"%s\")"),
  /** V13: an external state is also written by a step of the pipeline. */
  EXTERNAL_STATE_OWNED("V13", Kind.ERROR, "external state \"%s\" is a state of this pipeline (step `%s`);"
      + " externalStates lists only states someone else writes, so remove it"),
  /** V14: the warnings option has an unknown value. */
  BAD_WARNINGS_OPTION("V14", Kind.ERROR, "processor option -Asteps.warnings=%s is not one of warn, error, ignore;"
      + " warn reports warnings, error turns them into errors, ignore drops them"),
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
   * Returns the rule id, such as {@code V1}; {@code INTERNAL} for the processor's own failure.
   *
   * @return the rule id
   */
  public String rule() {
    return rule;
  }

  /**
   * Returns where the rule is explained: a section of docs/annotations.md, such as {@code docs/annotations.md#steps-v1}.
   *
   * @return the path and anchor of the rule's section
   */
  public String docs() {
    return "docs/annotations.md#" + code().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Returns the full text: the code, the message filled with {@code args}, then the link to its docs section.
   *
   * @param args the values the message's text is filled with
   * @return the text javac prints
   */
  public String format(Object... args) {
    return code() + ": " + String.format(java.util.Locale.ROOT, template, args) + " (see " + docs() + ")";
  }
}
