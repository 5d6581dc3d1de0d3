package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SEMANTICS R17: predicates given to the engine apply to every step at every depth; steps copy with toBuilder(). */
class EngineWidePredicatesTest extends EngineTestSupport {
  private final AtomicBoolean deleting = new AtomicBoolean();

  private StepPredicate notDeleting() {
    return StepPredicate.named("notDeleting", ctx -> {
      calls.add("check " + ctx.stepName());
      return !deleting.get();
    });
  }

  @Test
  @DisplayName("R17: an engine-wide predicate is evaluated before the step's own")
  void engineWideFirst() {
    engine(recording("deploy").when(ctx -> calls.add("own " + ctx.stepName())).build()).when(notDeleting()).build().run();

    assertThat(calls).containsExactly("check deploy", "own deploy", "deploy");
  }

  @Test
  @DisplayName("R17: a false engine-wide predicate skips every step, nested ones too, without evaluating their own")
  void falseEngineWideSkipsAtEveryDepth() {
    deleting.set(true);
    RunReport report = engine(
        recording("a").when(ctx -> calls.add("own a")).build(),
        GroupedSteps.named("g").steps(recording("inner").build()).build())
        .when(notDeleting()).build().run();

    assertThat(calls).containsExactly("check a", "check g");
    assertThat(report.outcome("a")).isEqualTo(StepOutcome.SKIPPED_PREDICATE);
    assertThat(report.outcome("g")).isEqualTo(StepOutcome.SKIPPED_PREDICATE);
  }

  @Test
  @DisplayName("R17: nested steps, parallel children and dynamic steps' children see the engine-wide predicate too")
  void appliesAtEveryDepth() {
    engine(GroupedSteps.named("g").steps(
            ParallelSteps.named("p").maxConcurrency(1).steps(recording("child").build()).build(),
            DynamicStep.named("d").steps(ctx -> List.of(recording("made").build())).build()).build())
        .when(notDeleting()).build().run();

    assertThat(calls).containsSubsequence("check g", "check p", "check child", "child", "check d", "check made", "made");
  }

  @Test
  @DisplayName("R17, R3: a step with abortOnPredicatesFalse aborts on a false engine-wide predicate, naming it")
  void abortNamesEngineWidePredicate() {
    deleting.set(true);
    AbortedByPredicateException e = catchThrowableOfType(AbortedByPredicateException.class,
        () -> engine(recording("deploy").abortOnPredicatesFalse().build()).when(notDeleting()).build().run());

    assertThat(e.predicate()).isEqualTo("notDeleting");
    assertThat(e.stepName()).isEqualTo("deploy");
  }

  @Test
  @DisplayName("R3: an unnamed lambda predicate is reported by its position, never by an object address")
  void unnamedPredicateReportedByPosition() {
    AbortedByPredicateException e = catchThrowableOfType(AbortedByPredicateException.class,
        () -> engine(recording("deploy").when(ctx -> true).when(ctx -> false).abortOnPredicatesFalse().build())
            .build().run());

    assertThat(e.predicate()).isEqualTo("predicate 2 of step 'deploy'");
  }

  @Test
  @DisplayName("R17: toBuilder() copies a step with all its settings, so a generated step can be decorated")
  void toBuilderCopiesEverySetting() {
    SimpleStep original = recording("deploy").state(State.of("Deployed").withReason("Done"))
        .when(StepPredicate.named("ready", ctx -> true)).continueOnError().throttle(Throttle.every(Duration.ofMinutes(1)))
        .timeout(Duration.ofSeconds(9)).outputs("id").build();

    SimpleStep copy = original.toBuilder().continueOnError(false).when(notDeleting()).build();

    assertThat(copy.name()).isEqualTo("deploy");
    assertThat(copy.action()).isSameAs(original.action());
    assertThat(copy.options().state()).isEqualTo(original.options().state());
    assertThat(copy.options().throttle()).isEqualTo(original.options().throttle());
    assertThat(copy.options().timeout()).contains(Duration.ofSeconds(9));
    assertThat(copy.options().outputs()).containsExactly("id");
    assertThat(copy.options().continueOnError()).isFalse();
    assertThat(original.options().continueOnError()).isTrue();
    assertThat(copy.options().predicates()).extracting(StepPredicate::description).containsExactly("ready", "notDeleting");
    assertThat(original.options().predicates()).hasSize(1);
  }

  @Test
  @DisplayName("R17: toBuilder() of groups, parallel groups and dynamic steps keeps their children and settings")
  void toBuilderOfCompositeSteps() {
    GroupedSteps group = GroupedSteps.named("g").state("G").steps(recording("a").build()).build();
    ParallelSteps parallel = ParallelSteps.named("p").maxConcurrency(3).failFast().steps(recording("b").build()).build();
    StepSupplier supplier = ctx -> List.of();
    DynamicStep dynamic = DynamicStep.named("d").steps(supplier).build();

    GroupedSteps g2 = group.toBuilder().continueOnError().build();
    ParallelSteps p2 = parallel.toBuilder().build();
    DynamicStep d2 = dynamic.toBuilder().skipStateCheck().build();

    assertThat(g2.steps()).isEqualTo(group.steps());
    assertThat(g2.options().continueOnError()).isTrue();
    assertThat(p2.steps()).isEqualTo(parallel.steps());
    assertThat(p2.maxConcurrency()).isEqualTo(3);
    assertThat(p2.failFast()).isTrue();
    assertThat(d2.supplier()).isSameAs(supplier);
    assertThat(d2.options().skipStateCheck()).isTrue();
  }

  @Test
  @DisplayName("R17: flag setters take a boolean, so a setting can come from configuration")
  void flagSettersTakeBooleans() {
    SimpleStep step = recording("s").state("S").continueOnError(true).finishOnSuccess(false)
        .skipStateCheck(true).abortOnPredicatesFalse(false).build();

    assertThat(step.options().continueOnError()).isTrue();
    assertThat(step.options().finishOnSuccess()).isFalse();
    assertThat(step.options().skipStateCheck()).isTrue();
    assertThat(step.options().abortOnPredicatesFalse()).isFalse();
  }
}
