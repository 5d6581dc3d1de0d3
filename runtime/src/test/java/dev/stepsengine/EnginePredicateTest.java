package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EnginePredicateTest extends EngineTestSupport {

  private StepPredicate predicate(String name, boolean value) {
    return StepPredicate.named(name, ctx -> {
      calls.add(name);
      return value;
    });
  }

  @Test
  @DisplayName("R3: a false predicate skips the step, writes nothing, and the run goes on")
  void falsePredicateSkips() {
    RunReport report = engine(
        recording("deploy").state("Deployed").when(predicate("isEnabled", false)).build(),
        tracked("notify", "Notified")).build().run();

    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_PREDICATE);
    assertThat(calls).containsExactly("isEnabled", "notify");
    assertThat(keeper.transitions()).extracting(t -> t.to().name()).containsExactly("Notified");
  }

  @Test
  @DisplayName("R3: predicates run in declaration order and stop at the first false one")
  void shortCircuit() {
    engine(recording("deploy").when(predicate("first", true)).when(predicate("second", false))
        .when(predicate("third", true)).build()).build().run();

    assertThat(calls).containsExactly("first", "second");
  }

  @Test
  @DisplayName("R3: predicates are evaluated after the already-succeeded check (R2)")
  void predicatesAfterStateCheck() {
    keeper.putSucceeded("Deployed");

    engine(recording("deploy").state("Deployed").when(predicate("isEnabled", true)).build()).build().run();

    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R3: abortOnPredicatesFalse stops the run naming the step and predicate; no write, no onFail, continueOnError ignored")
  void abortStopsTheRun() {
    AtomicBoolean onFailCalled = new AtomicBoolean();
    StepsEngine engine = engine(
        recording("deploy").state("Deployed").when(predicate("isReady", false)).abortOnPredicatesFalse()
            .continueOnError().onFail((ctx, step, e) -> onFailCalled.set(true)).build(),
        tracked("notify", "Notified")).build();

    AbortedByPredicateException e = catchThrowableOfType(AbortedByPredicateException.class, engine::run);

    assertThat(e.stepName()).isEqualTo("deploy");
    assertThat(e.predicate()).isEqualTo("isReady");
    assertThat(e.getMessage()).contains("isReady").contains("deploy").doesNotContain("$$Lambda").doesNotContain("@");
    assertThat(keeper.transitions()).isEmpty();
    assertThat(onFailCalled).isFalse();
    RunReport report = e.report().orElseThrow();
    assertThat(report.result()).isEqualTo(RunResult.ABORTED);
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.ABORTED_BY_PREDICATE);
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R3: a predicate that throws is a step failure (R7d)")
  void throwingPredicateFails() {
    IOException boom = new IOException("cannot read spec");
    StepsEngine engine = engine(recording("deploy").state("Deployed")
        .when(StepPredicate.named("isReady", ctx -> {
          throw boom;
        })).build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    assertThat(e).hasCause(boom);
    assertThat(calls).isEmpty();
    assertThat(keeper.states().get("Deployed").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("R3: combined predicates keep readable descriptions")
  void combinators() throws Exception {
    StepPredicate a = StepPredicate.of("a", () -> true);
    StepPredicate b = StepPredicate.of("b", () -> false);

    assertThat(a.and(b).description()).isEqualTo("(a and b)");
    assertThat(a.or(b).description()).isEqualTo("(a or b)");
    assertThat(StepPredicate.not(b).description()).isEqualTo("not b");
    assertThat(a.and(b).test(null)).isFalse();
    assertThat(a.or(b).test(null)).isTrue();
    assertThat(StepPredicate.not(b).test(null)).isTrue();
  }
}
