package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepHeldElsewhereException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.RunWaitingException;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Running states are leases (SEMANTICS J3, J4, R5), on SQLite and PostgreSQL, on a manual clock. */
class JdbcLeaseTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private final ManualClock clock = new ManualClock();

  private JdbcStateKeeper worker(StepsDatabase db, String owner) {
    return JdbcStateKeeper.builder(db, "order-1").owner(owner).leaseDuration(LEASE).renewEvery(Duration.ZERO)
        .clock(clock).build();
  }

  private StepsEngine engine(JdbcStateKeeper keeper, AtomicInteger runs) {
    return StepsEngine.builder().stateKeeper(keeper).clock(clock)
        .steps(SimpleStep.named("deploy").state("Deployed").run(ctx -> runs.incrementAndGet()).build()).build();
  }

  private static StepState running() {
    return StepState.of("Deployed", StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", null);
  }

  private static Duration heldFor(JdbcStateKeeper keeper) {
    return catchThrowableOfType(StepHeldElsewhereException.class, () -> keeper.setStepState(running())).remaining();
  }

  @ParameterizedTest(name = "J3 R5 {0}: a live lease of another worker makes the engine wait the remaining time")
  @EnumSource(Databases.class)
  void liveLeaseHeldElsewhere(Databases database) {
    StepsDatabase db = database.freshSteps();
    worker(db, "a").setStepState(running());
    clock.advance(Duration.ofSeconds(10));
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> engine(worker(db, "b"), runs).run())
        .isInstanceOfSatisfying(RunWaitingException.class, e -> {
          assertThat(e.waitFor()).isEqualTo(Duration.ofSeconds(20));
          assertThat(e.report().orElseThrow().outcome("deploy")).isEqualTo(StepOutcome.HELD_ELSEWHERE);
        });
    assertThat(runs).hasValue(0);
  }

  @ParameterizedTest(name = "J3 {0}: an expired lease reads as pending and another worker takes the step over")
  @EnumSource(Databases.class)
  void expiredLeaseIsTakenOver(Databases database) {
    StepsDatabase db = database.freshSteps();
    worker(db, "a").setStepState(running());
    clock.advance(LEASE.plusSeconds(1));
    JdbcStateKeeper b = worker(db, "b");
    AtomicInteger runs = new AtomicInteger();

    StepState seen = b.getStepState("Deployed");
    engine(b, runs).run();

    assertThat(seen.status()).isEqualTo(StepStatus.PENDING);
    assertThat(seen.reason()).isEqualTo(StateRow.REASON_LEASE_EXPIRED);
    assertThat(seen.message()).contains("lease of a expired");
    assertThat(runs).hasValue(1);
    List<StepTransition> history = b.history();
    assertThat(history).extracting(t -> t.from() + "->" + t.to() + " by " + t.owner())
        .containsExactly("PENDING->RUNNING by a", "RUNNING->RUNNING by b", "RUNNING->SUCCEEDED by b");
    Histories.assertUnbroken(history);
  }

  @ParameterizedTest(name = "J3 {0}: a worker restarted under the same owner id takes its live lease back at once")
  @EnumSource(Databases.class)
  void sameOwnerTakesItsLeaseBack(Databases database) {
    StepsDatabase db = database.freshSteps();
    worker(db, "a").setStepState(running());
    AtomicInteger runs = new AtomicInteger();

    engine(worker(db, "a"), runs).run();

    assertThat(runs).hasValue(1);
    assertThat(worker(db, "b").getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @ParameterizedTest(name = "J3 {0}: renewing extends the lease from now; after expiry another worker gets it")
  @EnumSource(Databases.class)
  void renewalExtendsTheLease(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper a = worker(db, "a");
    JdbcStateKeeper b = worker(db, "b");
    a.setStepState(running());
    clock.advance(Duration.ofSeconds(20));

    assertThat(a.renewLeases()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(20));
    assertThat(heldFor(b)).isEqualTo(Duration.ofSeconds(10));

    clock.advance(Duration.ofSeconds(11));
    b.setStepState(running());
    assertThat(a.renewLeases()).as("a's lease was taken over").isZero();
    assertThat(b.status().state("Deployed").orElseThrow().status()).isEqualTo(StepStatus.RUNNING);
  }

  @ParameterizedTest(name = "J3 {0}: the keeper renews its leases by itself while a step runs")
  @EnumSource(Databases.class)
  void automaticRenewal(Databases database) throws Exception {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper b = worker(db, "b");
    try (JdbcStateKeeper a = JdbcStateKeeper.builder(db, "order-1").owner("a").leaseDuration(LEASE)
        .renewEvery(Duration.ofMillis(5)).clock(clock).build()) {
      a.setStepState(running());
      clock.advance(Duration.ofSeconds(20));

      // wait for the renewal thread to act (an event, not time passing: the clock stands still)
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!heldFor(b).equals(LEASE) && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(heldFor(b)).isEqualTo(LEASE);
    }
  }

  @ParameterizedTest(name = "J3 J4 {0}: a worker whose expired lease was taken over cannot write its result")
  @EnumSource(Databases.class)
  void takenOverWorkerCannotWriteItsResult(Databases database) throws Exception {
    StepsDatabase db = database.freshSteps();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runsOfA = new AtomicInteger();
    StepsEngine engineOfA = StepsEngine.builder().stateKeeper(worker(db, "a")).clock(clock)
        .steps(SimpleStep.named("deploy").state("Deployed").run(ctx -> {
          runsOfA.incrementAndGet();
          started.countDown();
          release.await();
        }).build()).build();
    CompletableFuture<Throwable> a = CompletableFuture.supplyAsync(() -> {
      try {
        engineOfA.run();
        return null;
      } catch (RuntimeException e) {
        return e;
      }
    });
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    clock.advance(LEASE.plusSeconds(1));
    AtomicInteger runsOfB = new AtomicInteger();

    engine(worker(db, "b"), runsOfB).run();
    release.countDown();
    Throwable failureOfA = a.get(30, TimeUnit.SECONDS);

    assertThat(runsOfA).hasValue(1);
    assertThat(runsOfB).hasValue(1);
    assertThat(failureOfA).isInstanceOf(StateKeeperException.class).hasCauseInstanceOf(StateConflictException.class);
    List<StepTransition> history = db.history("order-1");
    assertThat(Histories.count(history, "Deployed", StepStatus.SUCCEEDED)).isEqualTo(1);
    assertThat(history.get(history.size() - 1).owner()).isEqualTo("b");
    Histories.assertUnbroken(history);
  }

  @ParameterizedTest(name = "J4 {0}: a step completed elsewhere after this worker read it is not started again")
  @EnumSource(Databases.class)
  void completedElsewhereAfterRead(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper a = worker(db, "a");
    assertThat(a.getStepState("Deployed").status()).isEqualTo(StepStatus.PENDING);
    engine(worker(db, "b"), new AtomicInteger()).run();

    assertThat(heldFor(a)).isZero();
    assertThat(Histories.count(db.history("order-1"), "Deployed", StepStatus.RUNNING)).isEqualTo(1);
  }
}
