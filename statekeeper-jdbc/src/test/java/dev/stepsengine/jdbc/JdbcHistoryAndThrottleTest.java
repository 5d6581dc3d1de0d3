package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttle;
import dev.stepsengine.throttling.ThrottleRecord;
import dev.stepsengine.throttling.ThrottleStore;
import dev.stepsengine.throttling.Throttler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The transition history, the execution listing and the throttle store live in the database (SEMANTICS J6). */
class JdbcHistoryAndThrottleTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-05-01T08:00:00Z"));

  private JdbcStateKeeper keeper(StepsDatabase db, String execution, String owner) {
    return JdbcStateKeeper.builder(db, execution).owner(owner).renewEvery(Duration.ZERO).clock(clock).build();
  }

  @ParameterizedTest(name = "J6 {0}: the history records who moved which state from what to what, when and why")
  @EnumSource(Databases.class)
  void historyOfARun(Databases database) {
    StepsDatabase db = database.freshSteps();
    AtomicInteger attempts = new AtomicInteger();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper(db, "job-7", "worker-a")).clock(clock)
        .steps(SimpleStep.named("migrate").state("Migrated").run(ctx -> {
          if (attempts.incrementAndGet() == 1) {
            throw new IllegalStateException("disk full");
          }
        }).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(StepFailedException.class);
    clock.advance(Duration.ofMinutes(1));
    engine.run();

    List<StepTransition> history = db.history("job-7");
    assertThat(history).extracting(t -> t.from() + "->" + t.to() + " " + t.reason())
        .containsExactly("PENDING->RUNNING InProgress", "RUNNING->FAILED Error", "FAILED->RUNNING InProgress",
            "RUNNING->SUCCEEDED Success");
    assertThat(history).allSatisfy(t -> {
      assertThat(t.owner()).isEqualTo("worker-a");
      assertThat(t.executionId()).isEqualTo("job-7");
      assertThat(t.stateName()).isEqualTo("Migrated");
    });
    assertThat(history.get(1).message()).contains("disk full");
    assertThat(history.get(1).at()).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
    assertThat(history.get(3).at()).isEqualTo(Instant.parse("2026-05-01T08:01:00Z"));
    Histories.assertUnbroken(history);
  }

  @ParameterizedTest(name = "J6 {0}: executions are listed with their step states")
  @EnumSource(Databases.class)
  void listsExecutions(Databases database) {
    StepsDatabase db = database.freshSteps();
    StepsEngine.builder().stateKeeper(keeper(db, "order-1", "w")).clock(clock)
        .steps(SimpleStep.named("pay").state("Paid").run(ctx -> {}).build()).build().run();
    clock.advance(Duration.ofSeconds(5));
    StepsEngine.builder().stateKeeper(keeper(db, "order-2", "w")).clock(clock)
        .steps(SimpleStep.named("pay").state("Paid").run(ctx -> {}).build(),
            SimpleStep.named("ship").state("Shipped").run(ctx -> {
              throw new IllegalStateException("no courier");
            }).build()).build().runAsReconcilerResponse();

    List<ExecutionStatus> executions = db.executions();

    assertThat(executions).extracting(ExecutionStatus::executionId).containsExactly("order-1", "order-2");
    ExecutionStatus second = executions.get(1);
    assertThat(second.state("Paid").orElseThrow().status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(second.state("Shipped").orElseThrow().status()).isEqualTo(StepStatus.FAILED);
    assertThat(second.updatedAt()).isEqualTo(clock.instant());
    assertThat(db.execution("order-3")).isEmpty();
  }

  @ParameterizedTest(name = "J6 R4 {0}: throttle records round-trip, are removed, and survive a new store")
  @EnumSource(Databases.class)
  void throttleStoreRoundTrip(Databases database) {
    StepsDatabase db = database.freshSteps();
    ThrottleStore store = db.throttleStore();
    ThrottleRecord record = new ThrottleRecord(Instant.parse("2026-05-01T08:00:00.250Z"), null);

    store.put("Execution/a:refresh", record);
    store.put("Execution/a:refresh", record.withLastSuccess(Instant.parse("2026-05-01T08:00:01Z")));
    store.put("Execution/b:refresh", record);
    store.remove("Execution/b:refresh");

    ThrottleStore reopened = StepsDatabase.open(db.tx.connections.dataSource).throttleStore();
    assertThat(reopened.get("Execution/a:refresh"))
        .contains(new ThrottleRecord(Instant.parse("2026-05-01T08:00:00.250Z"), Instant.parse("2026-05-01T08:00:01Z")));
    assertThat(reopened.get("Execution/b:refresh")).isEmpty();
    assertThat(reopened.get("never")).isEmpty();
  }

  @ParameterizedTest(name = "J6 R4 {0}: a throttle interval holds across workers and restarts")
  @EnumSource(Databases.class)
  void throttleHoldsAcrossWorkers(Databases database) {
    StepsDatabase db = database.freshSteps();
    AtomicInteger refreshes = new AtomicInteger();
    SimpleStep refresh = SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5)))
        .run(ctx -> refreshes.incrementAndGet()).build();

    StepsEngine.builder().stateKeeper(keeper(db, "cache", "first")).clock(clock)
        .throttler(Throttler.using(db.throttleStore())).steps(refresh).build().run();
    clock.advance(Duration.ofMinutes(1));
    JdbcStateKeeper restarted = keeper(StepsDatabase.open(db.tx.connections.dataSource), "cache", "second");
    StepsEngine second = StepsEngine.builder().stateKeeper(restarted).clock(clock)
        .throttler(Throttler.using(restarted.throttleStore())).steps(refresh).build();

    assertThat(second.run().outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    clock.advance(Duration.ofMinutes(5));
    assertThat(second.run().outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(refreshes).hasValue(2);
  }
}
