package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.ThrottleRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SEMANTICS J7 on SQLite and PostgreSQL: reset a step, reset or delete an execution, list them; a reset is a transition. */
class JdbcAdministrationTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<String> ran = new CopyOnWriteArrayList<>();

  private JdbcStateKeeper keeper(StepsDatabase db, String execution, String owner) {
    return JdbcStateKeeper.builder(db, execution).owner(owner).clock(clock).renewEvery(Duration.ZERO).build();
  }

  private void run(StepsDatabase db, String execution) {
    StepsEngine.builder().stateKeeper(keeper(db, execution, "worker-1")).clock(clock).steps(
        SimpleStep.named("createSchema").state("SchemaCreated").outputs("schema").run(ctx -> {
          ran.add(execution + ":createSchema");
          ctx.saveOutput("schema", "s1");
        }).build(),
        SimpleStep.named("deployWorker").state("WorkerDeployed").run(ctx -> ran.add(execution + ":deployWorker"))
            .build()).build().run();
  }

  @ParameterizedTest(name = "J7 {0}: resetting one step makes the next run run it again; the reset is a transition by its author")
  @EnumSource(Databases.class)
  void J7_resetOneStep(Databases database) {
    StepsDatabase db = database.freshSteps().withClock(clock);
    run(db, "orders");
    ran.clear();

    assertThat(db.resetStep("orders", "SchemaCreated", "alice", false)).isTrue();

    StepState reset = db.execution("orders").orElseThrow().state("SchemaCreated").orElseThrow();
    assertThat(reset.status()).isEqualTo(StepStatus.PENDING);
    assertThat(reset.reason()).isEqualTo("Reset");
    assertThat(reset.outputs()).as("outputs dropped").isEmpty();
    StepTransition last = db.history("orders").get(db.history("orders").size() - 1);
    assertThat(last).extracting(StepTransition::stateName, StepTransition::from, StepTransition::to,
        StepTransition::owner, StepTransition::message)
        .containsExactly("SchemaCreated", StepStatus.SUCCEEDED, StepStatus.PENDING, "alice", "reset by alice");
    Histories.assertUnbroken(db.history("orders"));
    assertThat(db.resetStep("orders", "SchemaCreated", "alice", false)).as("a second reset writes nothing").isFalse();
    assertThat(db.resetStep("orders", "NeverWritten", "alice", false)).isFalse();

    run(db, "orders");
    assertThat(ran).containsExactly("orders:createSchema");
  }

  @ParameterizedTest(name = "J7 {0}: a live lease is not reset unless forced; the worker's later write is then refused")
  @EnumSource(Databases.class)
  void J7_liveLeaseIsNotResetUnlessForced(Databases database) {
    StepsDatabase db = database.freshSteps().withClock(clock);
    JdbcStateKeeper worker = keeper(db, "orders", "worker-1");
    worker.getStepState("WorkerDeployed");
    worker.setStepState(new StepState("WorkerDeployed", StepStatus.RUNNING, "InProgress", "", clock.instant()));

    assertThatThrownBy(() -> db.resetStep("orders", "WorkerDeployed", "alice", false))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("live lease of worker-1");
    assertThatThrownBy(() -> db.deleteExecution("orders", false)).isInstanceOf(IllegalStateException.class);
    assertThat(db.execution("orders").orElseThrow().state("WorkerDeployed").orElseThrow().status())
        .isEqualTo(StepStatus.RUNNING);

    assertThat(db.resetStep("orders", "WorkerDeployed", "alice", true)).isTrue();
    assertThatThrownBy(() -> worker.setStepState(
        new StepState("WorkerDeployed", StepStatus.SUCCEEDED, "Success", "", clock.instant())))
        .isInstanceOf(StateConflictException.class).hasMessageContaining("alice");
  }

  @ParameterizedTest(name = "J7 {0}: resetting an execution resets every state in one go, history kept")
  @EnumSource(Databases.class)
  void J7_resetExecution(Databases database) {
    StepsDatabase db = database.freshSteps().withClock(clock);
    run(db, "orders");
    int historyBefore = db.history("orders").size();
    ran.clear();

    assertThat(db.resetExecution("orders", "ops-cli", false)).containsExactly("SchemaCreated", "WorkerDeployed");

    assertThat(db.execution("orders").orElseThrow().states()).allMatch(s -> s.status() == StepStatus.PENDING);
    assertThat(db.history("orders")).hasSize(historyBefore + 2);
    run(db, "orders");
    assertThat(ran).containsExactly("orders:createSchema", "orders:deployWorker");
  }

  @ParameterizedTest(name = "J7 {0}: deleting an execution removes its states, history and throttle times, and only its own")
  @EnumSource(Databases.class)
  void J7_deleteExecution(Databases database) {
    StepsDatabase db = database.freshSteps().withClock(clock);
    run(db, "orders");
    run(db, "orders-2");
    db.throttleStore().put("Execution/orders:deployWorker", new ThrottleRecord(clock.instant(), null));
    db.throttleStore().put("Execution/orders-2:deployWorker", new ThrottleRecord(clock.instant(), null));

    assertThat(db.deleteExecution("orders", false)).isTrue();

    assertThat(db.executions()).extracting(ExecutionStatus::executionId).containsExactly("orders-2");
    assertThat(db.execution("orders")).isEmpty();
    assertThat(db.history("orders")).isEmpty();
    assertThat(db.throttleStore().get("Execution/orders:deployWorker")).isEmpty();
    assertThat(db.throttleStore().get("Execution/orders-2:deployWorker")).isPresent();
    assertThat(db.history("orders-2")).isNotEmpty();
    assertThat(db.deleteExecution("orders", false)).isFalse();

    ran.clear();
    run(db, "orders");
    assertThat(ran).containsExactly("orders:createSchema", "orders:deployWorker");
  }

  @ParameterizedTest(name = "J7 {0}: administration names are checked before any SQL runs (J9 limits)")
  @EnumSource(Databases.class)
  void J7_namesChecked(Databases database) {
    StepsDatabase db = database.freshSteps();
    assertThatThrownBy(() -> db.resetStep("orders", "x".repeat(201), "alice", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 200");
    assertThatThrownBy(() -> db.resetExecution(" ", "alice", false))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blank");
    assertThatThrownBy(() -> db.deleteExecution(null, false))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("executionId");
  }
}
