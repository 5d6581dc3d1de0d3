package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.RunCancelledException;
import dev.stepsengine.RunReport;
import dev.stepsengine.RunWaitingException;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepHeldElsewhereException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Review of the writes sent without reading their row first and of the hand-over (commit 68f22f9),
 * on SQLite and PostgreSQL (SEMANTICS J3, J6, R5).
 */
class JdbcHandOverReviewTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final ManualClock clock = new ManualClock();

  private JdbcStateKeeper worker(StepsDatabase db, String execution, String owner) {
    return JdbcStateKeeper.builder(db, execution).owner(owner).leaseDuration(LEASE).renewEvery(Duration.ZERO)
        .clock(clock).build();
  }

  private static StepState running(String name) {
    return StepState.of(name, StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", null);
  }

  @ParameterizedTest(name = "J3, R5 {0}: a lease the other worker renewed after this keeper's read is still live:"
      + " a RUNNING write is refused, not sent over the read's stale expiry")
  @EnumSource(Databases.class)
  void renewedLeaseIsNotTakenOver(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper a = worker(db, "order-1", "a");
    JdbcStateKeeper b = worker(db, "order-1", "b");
    b.setStepState(running("Notified"));
    assertThat(a.getStepState("Notified").status()).as("a's read: b holds it").isEqualTo(StepStatus.RUNNING);
    clock.advance(Duration.ofSeconds(20));
    assertThat(b.renewLeases()).isEqualTo(1); // b's lease now lasts until 50 s
    clock.advance(Duration.ofSeconds(20)); // 40 s: b's lease is live for 10 s more

    Throwable refused = catchThrowable(() -> a.setStepState(running("Notified")));

    assertThat(refused).as("b's lease is live in the database").isInstanceOf(StepHeldElsewhereException.class);
    assertThat(db.history("order-1")).extracting(t -> t.stateName() + " " + t.to() + " " + t.owner())
        .containsExactly("Notified RUNNING b");
  }

  @ParameterizedTest(name = "J3, R5 {0}: a run whose next step's lease another worker renews meanwhile: the hand-over"
      + " leaves it to that worker (HELD_ELSEWHERE), the step does not run twice at once")
  @EnumSource(Databases.class)
  void handOverDoesNotTakeARenewedLease(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper a = worker(db, "order-1", "a");
    JdbcStateKeeper b = worker(db, "order-1", "b");
    b.setStepState(running("Notified"));
    AtomicInteger notified = new AtomicInteger();
    StepsEngine engine = StepsEngine.builder().stateKeeper(a).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> {
          clock.advance(Duration.ofSeconds(20));
          b.renewLeases(); // b is alive and renews its lease while a's first step runs
          clock.advance(Duration.ofSeconds(20));
        }).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> notified.incrementAndGet()).build()).build();

    Throwable e = catchThrowable(engine::run);

    assertThat(notified).as("b holds Notified's live lease").hasValue(0);
    assertThat(e).isInstanceOf(RunWaitingException.class);
    RunReport report = ((RunWaitingException) e).report().orElseThrow();
    assertThat(report.outcome("notify")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
  }

  @ParameterizedTest(name = "J6 {0}: with a row retention, the history of a run with hand-overs is in the same order as"
      + " with two writes: each step's success before the next step's lease")
  @EnumSource(Databases.class)
  void historyOrderWithRetention(Databases database) {
    StepsDatabase db = StepsDatabase.builder(database.fresh())
        .historyRetention(HistoryRetention.FOREVER.withRowsPerExecution(4)).open();
    run(worker(db, "handed-over", "a"));
    run(new ForwardingStateKeeper(worker(db, "two-writes", "a"))); // takes no hand-overs

    List<String> twoWrites = db.history("two-writes").stream().map(t -> t.stateName() + " " + t.to()).toList();
    assertThat(twoWrites).as("the retention pruned; the last success is last").isNotEmpty().endsWith("D SUCCEEDED");
    assertThat(db.history("handed-over")).extracting(t -> t.stateName() + " " + t.to())
        .containsExactlyElementsOf(twoWrites);
  }

  @ParameterizedTest(name = "J4, J6 {0}: two keepers of one owner (a restarted worker's id): a lease the other took"
      + " meanwhile adds no history row for a write that wrote nothing; the history stays unbroken")
  @EnumSource(Databases.class)
  void sameOwnerWriteSentWithoutReadAddsNoPhantomHistoryRow(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper first = worker(db, "order-1", "a");
    JdbcStateKeeper restarted = worker(db, "order-1", "a");
    StepsEngine engine = StepsEngine.builder().stateKeeper(first).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> restarted.setStepState(running("Notified"))).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();

    engine.run();

    List<StepTransition> history = db.history("order-1");
    assertThat(history).extracting(t -> t.stateName() + " " + t.to() + " v" + t.version())
        .as("one row per version").doesNotHaveDuplicates();
    Histories.assertUnbroken(history);
  }

  @ParameterizedTest(name = "J7, R8 {0}: an execution deleted between two steps: the next write fails with a"
      + " StateKeeperException that says what happened, not a NullPointerException")
  @EnumSource(Databases.class)
  void executionDeletedBetweenSteps(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper a = worker(db, "order-1", "a");
    StepsEngine engine = StepsEngine.builder().stateKeeper(a).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> db.deleteExecution("order-1", true)).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();

    Throwable e = catchThrowable(engine::run);

    assertThat(e).isInstanceOf(dev.stepsengine.StateKeeperException.class);
    assertThat(e).hasMessageContaining("Deployed");
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root).as("the root cause of %s", e).isNotInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest(name = "R9, J5 {0}: an interrupt arriving during the success's write (the handOver Javadoc: the"
      + " lease is left out, false returned): the next step is NOT_REACHED and its state untouched, as with two writes")
  @EnumSource(Databases.class)
  void interruptDuringTheSuccessWrite(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.open(ds);
    AtomicBoolean armed = new AtomicBoolean();
    ds.fault(new FaultyDataSource.Fault() {
      @Override
      public void before(String sql) {}

      @Override
      public void after(String sql) {
        if (sql.startsWith("UPDATE steps_state") && armed.getAndSet(false)) {
          Thread.currentThread().interrupt(); // the success's update has run; its commit has not
        }
      }
    });
    RunReport twoWrites = interruptedRun(new ForwardingStateKeeper(worker(db, "two-writes", "a")), armed);
    RunReport handedOver = interruptedRun(worker(db, "handed-over", "a"), armed);

    assertThat(twoWrites.outcome("notify")).isEqualTo(StepOutcome.NOT_REACHED);
    assertThat(db.execution("two-writes").orElseThrow().state("Notified")).isEmpty();
    assertThat(handedOver.outcome("notify")).isEqualTo(twoWrites.outcome("notify"));
    assertThat(db.execution("handed-over").orElseThrow().state("Notified")).as("Notified untouched").isEmpty();
  }

  private RunReport interruptedRun(StateKeeper keeper, AtomicBoolean armed) {
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> armed.set(true)).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();
    Throwable e = catchThrowable(engine::run);
    assertThat(Thread.interrupted()).as("the interrupt is the caller's again").isTrue();
    assertThat(e).isInstanceOf(RunCancelledException.class);
    return ((RunCancelledException) e).report().orElseThrow();
  }

  private void run(StateKeeper keeper) {
    StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("a").state("A").run(ctx -> { }).build(),
        SimpleStep.named("b").state("B").run(ctx -> { }).build(),
        SimpleStep.named("c").state("C").run(ctx -> { }).build(),
        SimpleStep.named("d").state("D").run(ctx -> { }).build()).build().run();
  }
}
