package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13 on SQLite and PostgreSQL: the statements a keeper's write leaves out (the execution's
 * row once it exists, the retention's {@code DELETE} while it can delete nothing) are still sent
 * whenever they can change something: retention still holds within one run and across runs
 * (SEMANTICS J6), and an execution deleted between runs is recorded again (J7).
 */
class JdbcSkippedStatementsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private StepsEngine engine(JdbcStateKeeper keeper, String prefix, int steps) {
    List<SimpleStep> list = new ArrayList<>();
    for (int i = 1; i <= steps; i++) {
      list.add(SimpleStep.named(prefix + i).state(prefix + "State" + i).run(ctx -> { }).build());
    }
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(list).build();
  }

  private JdbcStateKeeper keeper(StepsDatabase db, String execution) {
    return JdbcStateKeeper.builder(db, execution).clock(clock).renewEvery(Duration.ZERO).build();
  }

  @ParameterizedTest(name = "J6 {0}: a run whose history passes rowsPerExecution mid-run ends with exactly that many rows")
  @EnumSource(Databases.class)
  void J6_rowLimitHoldsWithinARun(Databases database) {
    int limit = 5;
    StepsDatabase db = StepsDatabase.builder(database.fresh())
        .historyRetention(HistoryRetention.FOREVER.withRowsPerExecution(limit)).open();
    JdbcStateKeeper keeper = keeper(db, "bounded");

    engine(keeper, "a", 4).run(); // 8 rows written, the limit passed at the third step
    assertThat(db.history("bounded")).hasSize(limit).last()
        .extracting(StepTransition::stateName, StepTransition::to).containsExactly("aState4", StepStatus.SUCCEEDED);

    engine(keeper, "b", 2).run(); // a later run: the read counts the rows kept
    List<StepTransition> history = db.history("bounded");
    assertThat(history).hasSize(limit);
    assertThat(history.get(limit - 1).stateName()).isEqualTo("bState2");
  }

  @ParameterizedTest(name = "J6 {0}: age retention: rows that grew older than maxAge between runs are deleted in the next run")
  @EnumSource(Databases.class)
  void J6_ageLimitAcrossRuns(Databases database) {
    StepsDatabase db = StepsDatabase.builder(database.fresh())
        .historyRetention(HistoryRetention.FOREVER.withMaxAge(Duration.ofDays(1))).open().withClock(clock);
    JdbcStateKeeper keeper = keeper(db, "aged");
    engine(keeper, "a", 2).run();
    assertThat(db.history("aged")).as("young rows are kept").hasSize(4);

    clock.advance(Duration.ofHours(25));
    engine(keeper, "b", 1).run();

    assertThat(db.history("aged")).extracting(StepTransition::stateName).containsExactly("bState1", "bState1");
  }

  @ParameterizedTest(name = "J6 {0}: an unread keeper (no run) prunes in every final write, as before")
  @EnumSource(Databases.class)
  void J6_unreadKeeperPrunesEveryFinalWrite(Databases database) {
    StepsDatabase db = StepsDatabase.builder(database.fresh())
        .historyRetention(HistoryRetention.FOREVER.withRowsPerExecution(1)).open();
    JdbcStateKeeper keeper = keeper(db, "unread");
    keeper.setStepState(new StepState("S", StepStatus.SUCCEEDED, "Success", "", clock.instant()));
    keeper.setStepState(new StepState("T", StepStatus.SUCCEEDED, "Success", "", clock.instant()));

    assertThat(db.history("unread")).extracting(StepTransition::stateName).containsExactly("T");
  }

  @ParameterizedTest(name = "J7 {0}: an execution deleted between two runs of one keeper is listed again after the second")
  @EnumSource(Databases.class)
  void J7_executionDeletedBetweenRunsIsRecordedAgain(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper keeper = keeper(db, "again");
    StepsEngine engine = engine(keeper, "a", 2);
    engine.run();
    assertThat(db.deleteExecution("again", false)).isTrue();
    assertThat(db.execution("again")).isEmpty();

    engine.run();

    ExecutionStatus status = db.execution("again").orElseThrow();
    assertThat(status.states()).hasSize(2).allMatch(StepState::isSucceeded);
    assertThat(db.executions()).extracting(ExecutionStatus::executionId).containsExactly("again");
  }

  @ParameterizedTest(name = "J7 {0}: an execution deleted between two steps of a run is recorded again by the next new state")
  @EnumSource(Databases.class)
  void J7_executionDeletedBetweenStepsIsRecordedAgain(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper keeper = keeper(db, "midrun");
    keeper.getStepState("S1"); // the run's read: the execution does not exist yet
    keeper.setStepState(new StepState("S1", StepStatus.RUNNING, "InProgress", "", clock.instant()));
    keeper.setStepState(new StepState("S1", StepStatus.SUCCEEDED, "Success", "", clock.instant()));
    assertThat(db.deleteExecution("midrun", false)).isTrue();

    keeper.setStepState(new StepState("S2", StepStatus.RUNNING, "InProgress", "", clock.instant()));

    ExecutionStatus status = db.execution("midrun").orElseThrow();
    assertThat(status.states()).extracting(StepState::name).containsExactly("S2");
  }
}
