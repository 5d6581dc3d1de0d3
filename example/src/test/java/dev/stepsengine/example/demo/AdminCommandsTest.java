package dev.stepsengine.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.StepStatus;
import dev.stepsengine.example.demo.DemoHarness.Result;
import dev.stepsengine.jdbc.DriverManagerDataSource;
import dev.stepsengine.jdbc.StepTransition;
import dev.stepsengine.jdbc.StepsDatabase;
import dev.stepsengine.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's administration commands (SEMANTICS J7) end to end on a SQLite file. */
class AdminCommandsTest {
  @TempDir
  Path dir;
  Path db;
  ManualClock clock;

  @BeforeEach
  void setUp() {
    db = dir.resolve("steps-demo.db");
    clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
  }

  private Result demo(String... args) {
    return DemoHarness.execute(clock, args);
  }

  private List<StepTransition> history() {
    return StepsDatabase.open(DriverManagerDataSource.sqlite(db)).history("orders-api");
  }

  @Test
  @DisplayName("J7 demo: reset --step deployWorker makes the next run run only that step; the reset is in the history")
  void J7_resetOneStep() {
    assertThat(demo("run", "--db", db.toString()).exit()).isZero();
    int before = history().size();

    Result reset = demo("reset", "--step", "deployWorker", "--db", db.toString());

    assertThat(reset.exit()).as(reset.err()).isZero();
    assertThat(reset.out()).contains("Reset WorkerDeployed of orders-api");
    assertThat(history()).hasSize(before + 1).last().extracting(StepTransition::to, StepTransition::owner)
        .containsExactly(StepStatus.PENDING, AdminCommands.AUTHOR);
    assertThat(Files.exists(db)).as("a step reset keeps the file").isTrue();

    assertThat(demo("run", "--db", db.toString()).exit()).isZero();
    List<StepTransition> after = history().subList(before + 1, history().size());
    assertThat(after).extracting(StepTransition::stateName).containsOnly("WorkerDeployed");
  }

  @Test
  @DisplayName("J7 demo: history, executions, reset --all and delete")
  void J7_listResetAllDelete() {
    demo("run", "--db", db.toString());
    demo("run", "--db", db.toString(), "--service", "billing");

    Result executions = demo("executions", "--db", db.toString());
    assertThat(executions.exit()).isZero();
    assertThat(executions.out()).contains("2 executions:").contains("orders-api").contains("billing");

    Result history = demo("history", "--step", "createSchema", "--db", db.toString());
    assertThat(history.exit()).as(history.err()).isZero();
    assertThat(history.out()).contains("transitions of orders-api SchemaCreated").contains("SUCCEEDED")
        .doesNotContain("WorkerDeployed");

    Result all = demo("reset", "--all", "--db", db.toString());
    assertThat(all.exit()).isZero();
    assertThat(all.out()).contains("states of orders-api").contains("the history is kept");
    assertThat(StepsDatabase.open(DriverManagerDataSource.sqlite(db)).execution("orders-api").orElseThrow().states())
        .allMatch(s -> s.status() == StepStatus.PENDING);

    Result delete = demo("delete", "--service", "billing", "--db", db.toString());
    assertThat(delete.exit()).isZero();
    assertThat(demo("executions", "--db", db.toString()).out()).contains("1 execution:").doesNotContain("billing");
  }

  @Test
  @DisplayName("J7 demo: an unknown step is a usage error (exit 2) naming the steps; plain reset still deletes the file")
  void J7_badArguments() {
    demo("run", "--db", db.toString());

    Result bad = demo("reset", "--step", "nosuch", "--db", db.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("no step or state named 'nosuch'").contains("deployWorker");
    assertThat(demo("reset", "--step", "deployWorker", "--all", "--db", db.toString()).exit()).isEqualTo(2);

    assertThat(demo("reset", "--db", db.toString()).exit()).isZero();
    assertThat(Files.exists(db)).isFalse();
  }
}
