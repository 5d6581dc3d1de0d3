package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.RetryPolicy;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SEMANTICS J6 on SQLite and PostgreSQL: every attempt of a retried step in the history, and history retention. */
class JdbcAttemptsAndRetentionTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private static RetryPolicy retries(int attempts) {
    return RetryPolicy.builder().maxAttempts(attempts).initialBackoff(Duration.ofSeconds(1)).multiplier(2)
        .maxBackoff(Duration.ofSeconds(30)).jitter(0).build();
  }

  private JdbcStateKeeper keeper(StepsDatabase db, String execution, String owner) {
    return JdbcStateKeeper.builder(db, execution).owner(owner).clock(clock).renewEvery(Duration.ZERO).build();
  }

  @ParameterizedTest(name = "J6 {0}: every attempt of a retried step is in the history, with its number and failure")
  @EnumSource(Databases.class)
  void J6_everyAttemptInTheHistory(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper keeper = keeper(db, "retried", "worker-1");
    StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("charge").state("Charged").retry(retries(5)).run(ctx -> {
          if (ctx.attempt() < 3) {
            throw new IllegalStateException("gateway busy " + ctx.attempt());
          }
        }).build()).build().run();

    List<StepTransition> history = db.history("retried");
    Histories.assertUnbroken(history);
    assertThat(history).extracting(StepTransition::to, StepTransition::reason, StepTransition::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, 1),
            org.assertj.core.groups.Tuple.tuple(StepStatus.RUNNING, JdbcStateKeeper.REASON_RETRYING, 1),
            org.assertj.core.groups.Tuple.tuple(StepStatus.RUNNING, JdbcStateKeeper.REASON_RETRYING, 2),
            org.assertj.core.groups.Tuple.tuple(StepStatus.SUCCEEDED, StepState.DEFAULT_SUCCESS_REASON, 3));
    assertThat(history.get(1).message()).isEqualTo("attempt 1 failed: IllegalStateException: gateway busy 1");
    assertThat(history.get(2).message()).contains("gateway busy 2");
    assertThat(history.get(2).at()).as("recorded after the first backoff").isEqualTo(history.get(1).at().plusSeconds(1));
    assertThat(history.get(3).toString()).contains("attempt 3");
  }

  @ParameterizedTest(name = "J6 {0}: a step failing on every attempt: each attempt in the history, FAILED with the last")
  @EnumSource(Databases.class)
  void J6_failingOnEveryAttempt(Databases database) {
    StepsDatabase db = database.freshSteps();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper(db, "failing", "worker-1")).clock(clock).steps(
        SimpleStep.named("charge").state("Charged").retry(retries(3)).run(ctx -> {
          throw new IllegalStateException("declined " + ctx.attempt());
        }).build()).build();

    catchThrowable(engine::run);

    List<StepTransition> history = db.history("failing");
    Histories.assertUnbroken(history);
    assertThat(history).extracting(StepTransition::attempt).containsExactly(1, 1, 2, 3);
    assertThat(history.get(3).to()).isEqualTo(StepStatus.FAILED);
    assertThat(history.get(3).message()).contains("declined 3");
  }

  @ParameterizedTest(name = "J6 {0}: a failed attempt of a step another worker took over is refused; the run stops")
  @EnumSource(Databases.class)
  void J6_attemptOfATakenOverStepIsRefused(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper slow = keeper(db, "taken", "worker-1");
    StepsEngine engine = StepsEngine.builder().stateKeeper(slow).clock(clock).steps(
        SimpleStep.named("charge").state("Charged").retry(retries(3)).run(ctx -> {
          if (ctx.attempt() == 1) {
            clock.advance(slow.leaseDuration().plusSeconds(1)); // the lease expires during the attempt
            JdbcStateKeeper other = keeper(db, "taken", "worker-2");
            other.getStepState("Charged");
            other.setStepState(new StepState("Charged", StepStatus.RUNNING, "InProgress", "", clock.instant()));
          }
          throw new IllegalStateException("slow " + ctx.attempt());
        }).build()).build();

    Throwable failure = catchThrowable(engine::run);

    assertThat(failure).isInstanceOf(StateKeeperException.class).hasMessageContaining("attempt 1");
    assertThat(db.history("taken")).noneMatch(t -> t.reason().equals(JdbcStateKeeper.REASON_RETRYING));
    StepState now = db.withClock(clock).execution("taken").orElseThrow().state("Charged").orElseThrow();
    assertThat(now.status()).isEqualTo(StepStatus.RUNNING);
    assertThat(db.history("taken")).last().extracting(StepTransition::owner).isEqualTo("worker-2");
  }

  @ParameterizedTest(name = "J6 {0}: retention by rows: the newest N rows per execution are kept, pruned in the final write")
  @EnumSource(Databases.class)
  void J6_retentionByRowsPerExecution(Databases database) {
    DataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.builder(ds)
        .historyRetention(HistoryRetention.FOREVER.withRowsPerExecution(5)).open();
    for (String execution : List.of("a", "b")) {
      JdbcStateKeeper keeper = keeper(db, execution, "worker-1");
      for (int i = 1; i <= 4; i++) {
        keeper.setStepState(new StepState("S" + i, StepStatus.RUNNING, "InProgress", "", clock.instant()));
        keeper.setStepState(new StepState("S" + i, StepStatus.SUCCEEDED, "Success", "", clock.instant()));
      }
    }

    for (String execution : List.of("a", "b")) {
      List<StepTransition> history = db.history(execution);
      assertThat(history).as(execution).hasSize(5);
      assertThat(history.get(4).stateName()).isEqualTo("S4");
      assertThat(history.get(4).to()).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(history.get(0)).extracting(StepTransition::stateName, StepTransition::to)
          .containsExactly("S2", StepStatus.SUCCEEDED);
    }
    assertThat(db.execution("a").orElseThrow().states()).hasSize(4).allMatch(StepState::isSucceeded);
  }

  @ParameterizedTest(name = "J6 {0}: retention by age: rows older than the bound are deleted, in the final write and by pruneHistory()")
  @EnumSource(Databases.class)
  void J6_retentionByAge(Databases database) {
    DataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.builder(ds)
        .historyRetention(HistoryRetention.FOREVER.withMaxAge(Duration.ofDays(1))).open().withClock(clock);
    JdbcStateKeeper a = keeper(db, "a", "worker-1");
    JdbcStateKeeper b = keeper(db, "b", "worker-1");
    a.setStepState(new StepState("Old", StepStatus.SUCCEEDED, "Success", "", clock.instant()));
    b.setStepState(new StepState("Old", StepStatus.SUCCEEDED, "Success", "", clock.instant()));
    clock.advance(Duration.ofHours(25));

    a.setStepState(new StepState("New", StepStatus.SUCCEEDED, "Success", "", clock.instant()));

    assertThat(db.history("a")).extracting(StepTransition::stateName).containsExactly("New");
    assertThat(db.history("b")).as("not written since: pruned only by pruneHistory()").hasSize(1);
    assertThat(db.pruneHistory()).isEqualTo(1);
    assertThat(db.history("b")).isEmpty();
    assertThat(db.execution("b").orElseThrow().state("Old").orElseThrow().isSucceeded())
        .as("states are never pruned").isTrue();
  }

  @Test
  @DisplayName("J6 the default retention keeps the newest 1000 rows per execution; bad bounds are refused")
  void J6_defaultAndBadRetention() {
    assertThat(HistoryRetention.DEFAULT.rowsPerExecution()).isEqualTo(1000);
    assertThat(HistoryRetention.DEFAULT.maxAgeLimit()).isEmpty();
    assertThatThrownBy(() -> HistoryRetention.DEFAULT.withMaxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    assertThatThrownBy(() -> HistoryRetention.DEFAULT.withRowsPerExecution(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rowsPerExecution");
  }
}
