package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.testing.InMemoryStateKeeper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineCompositeTest extends EngineTestSupport {
  private static final ContextKey<String> TENANT = ContextKey.named("tenant");


  @Test
  @DisplayName("R11: a group runs its children in order and records its own state once")
  void groupRunsChildrenThenRecordsState() {
    GroupedSteps group = GroupedSteps.named("database").state("DatabaseReady")
        .steps(tracked("create", "Created"), tracked("migrate", "Migrated")).build();

    RunReport report = engine(group).build().run();

    assertThat(calls).containsExactly("create", "migrate");
    assertThat(keeper.transitions()).extracting(t -> t.to().name())
        .containsExactly("Created", "Migrated", "DatabaseReady");
    assertThat(report.outcome("database/migrate")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R11: a failing child fails the group, which records FAILED and stops the run")
  void failingChildFailsGroup() {
    GroupedSteps group = GroupedSteps.named("database").state("DatabaseReady")
        .steps(SimpleStep.named("create").state("Created").run(failWith(new IllegalStateException("no quota")))
            .build(), tracked("migrate", "Migrated")).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(group).build().run());

    assertThat(e.stepName()).isEqualTo("create");
    assertThat(e.stepPath()).isEqualTo("database/create");
    assertThat(e.stateName()).contains("Created");
    assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("no quota");
    assertThat(keeper.states().get("Created").status()).isEqualTo(StepStatus.FAILED);
    assertThat(keeper.states().get("DatabaseReady").status()).isEqualTo(StepStatus.FAILED);
    assertThat(e.report().orElseThrow().outcome("database/migrate")).isEqualTo(StepOutcome.NOT_REACHED);
  }

  @Test
  @DisplayName("R1 (differs from the reference): nested steps inherit the keeper, clock and step-context hook")
  void nestedStepsInherit() {
    List<String> hooked = new ArrayList<>();
    GroupedSteps group = GroupedSteps.named("outer").steps(
        GroupedSteps.named("inner").steps(SimpleStep.named("leaf").state("Leaf")
            .run(ctx -> calls.add(ctx.get(TENANT).orElseThrow() + "@" + ctx.clock().instant())).build()).build())
        .build();

    engine(group).stepContext(ctx -> {
      hooked.add(ctx.stepName());
      return ctx.with(TENANT, "acme");
    }).build().run();

    assertThat(hooked).containsExactly("outer", "inner", "leaf");
    assertThat(calls).containsExactly("acme@" + clock.instant());
    assertThat(keeper.states().get("Leaf").updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  @DisplayName("R1: a nested step that sets its own keeper uses it for itself and its children, and it is flushed")
  void nestedKeeperOverride() {
    InMemoryStateKeeper own = new InMemoryStateKeeper("other-object");
    GroupedSteps group = GroupedSteps.named("external").state("External").stateKeeper(own)
        .steps(tracked("call", "Called")).build();

    engine(group, tracked("local", "Local")).build().run();

    assertThat(own.states()).containsOnlyKeys("External", "Called");
    assertThat(keeper.states()).containsOnlyKeys("Local");
    assertThat(own.flushes()).isEqualTo(1);
    assertThat(keeper.flushes()).isEqualTo(1);
  }

  @Test
  @DisplayName("R12 (differs from the reference): the dynamic supplier runs on every run, after the step's own checks")
  void dynamicSupplierRunsEveryRun() {
    AtomicInteger supplied = new AtomicInteger();
    DynamicStep dynamic = DynamicStep.named("migrations").steps(ctx -> {
      int n = supplied.incrementAndGet();
      return List.of(recording("m" + n).build());
    }).build();
    StepsEngine engine = engine(dynamic).build();

    engine.run();
    RunReport second = engine.run();

    assertThat(supplied).hasValue(2);
    assertThat(calls).containsExactly("m1", "m2");
    assertThat(second.outcome("migrations/m2")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R12: a dynamic step's own state is written once; a succeeded one does not call its supplier")
  void dynamicStateWrittenOnce() {
    AtomicInteger supplied = new AtomicInteger();
    DynamicStep dynamic = DynamicStep.named("migrations").state("Migrated").steps(ctx -> {
      supplied.incrementAndGet();
      return List.of(tracked("v1", "V1"), tracked("v2", "V2"));
    }).build();
    StepsEngine engine = engine(dynamic).build();

    engine.run();
    engine.run();

    assertThat(keeper.transitions()).extracting(t -> t.to().name()).containsExactly("V1", "V2", "Migrated");
    assertThat(supplied).hasValue(1);
  }

  @Test
  @DisplayName("R12: steps returned with duplicate state names fail the dynamic step with a message naming the rule")
  void dynamicValidation() {
    DynamicStep dynamic = DynamicStep.named("migrations").state("Migrated")
        .steps(ctx -> List.of(tracked("v1", "Same"), tracked("v2", "Same"))).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, () -> engine(dynamic).build().run());

    assertThat(e.getCause()).hasMessageContaining("STEPS-V2").hasMessageContaining("Same");
    assertThat(calls).isEmpty();
    assertThat(keeper.states().get("Migrated").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("R9: between steps an interrupted thread stops the run; the rest is NOT_REACHED")
  void interruptBetweenSteps() {
    StepsEngine engine = engine(SimpleStep.named("first").run(ctx -> Thread.currentThread().interrupt()).build(),
        recording("second").build()).build();
    try {
      RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

      assertThat(e.report().orElseThrow().outcome("second")).isEqualTo(StepOutcome.NOT_REACHED);
      assertThat(calls).isEmpty();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  @DisplayName("R9: past the run deadline the remaining steps are NOT_REACHED and the run is cancelled")
  void deadline() {
    StepsEngine engine = engine(
        SimpleStep.named("slow").run(ctx -> clock.advance(java.time.Duration.ofMinutes(2))).build(),
        recording("late").build()).runTimeout(java.time.Duration.ofMinutes(1)).build();

    RunCancelledException e = catchThrowableOfType(RunCancelledException.class, engine::run);

    assertThat(e).hasMessageContaining("deadline");
    assertThat(e.report().orElseThrow().outcome("late")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(calls).isEmpty();
  }

  @Test
  @DisplayName("R9: the step context exposes the run deadline")
  void deadlineInContext() {
    List<Instant> seen = new ArrayList<>();
    engine(SimpleStep.named("a").run(ctx -> seen.add(ctx.deadline().orElseThrow())).build())
        .runTimeout(java.time.Duration.ofSeconds(30)).build().run();

    assertThat(seen).containsExactly(clock.instant().plusSeconds(30));
  }

  @Test
  @DisplayName("R15: every declared step appears exactly once in the report, nested ones under their group")
  void reportListsEveryStep() {
    StepsEngine engine = engine(tracked("a", "A"),
        GroupedSteps.named("g").steps(recording("g1").build(),
            SimpleStep.named("g2").run(failWith(new IllegalStateException("x"))).build(), recording("g3").build()).build(),
        ParallelSteps.named("p").steps(recording("p1").build(), recording("p2").build()).build()).build();

    StepFailedException e = catchThrowableOfType(StepFailedException.class, engine::run);

    RunReport report = e.report().orElseThrow();
    assertThat(report.byPath()).containsOnlyKeys("a", "g", "g/g1", "g/g2", "g/g3", "p", "p/p1", "p/p2");
    assertThat(report.outcome("g/g2")).isEqualTo(StepOutcome.FAILED);
    assertThat(report.outcome("p/p1")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(report.step("a").orElseThrow().attempts()).isEqualTo(1);
    assertThat(report.step("g/g2").orElseThrow().error().orElseThrow()).hasMessage("x");
    assertThat(report.step("a").orElseThrow().stateName()).contains("A");
  }

  @Test
  @DisplayName("V2/V3: bad names and duplicate state names are rejected when steps are built")
  void buildTimeValidation() {
    assertThatThrownBy(() -> SimpleStep.named("bad name!")).hasMessageContaining("STEPS-V2");
    assertThatThrownBy(() -> State.of("Not Valid")).hasMessageContaining("STEPS-V3").hasMessageContaining("NotValid");
    assertThatThrownBy(() -> State.of("Ready").withReason("1bad")).hasMessageContaining("STEPS-V3");
    assertThatThrownBy(() -> StepsEngine.builder().steps(tracked("a", "Same"), tracked("b", "Same")).build())
        .hasMessageContaining("STEPS-V2").hasMessageContaining("'a' and 'b'");
    assertThatThrownBy(() -> GroupedSteps.named("g").steps(recording("x").build(), recording("x").build()).build())
        .hasMessageContaining("two steps named 'x'");
  }
}
