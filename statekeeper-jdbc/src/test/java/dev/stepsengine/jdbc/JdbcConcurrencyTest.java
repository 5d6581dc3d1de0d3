package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepAction;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.RunWaitingException;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Eight worker threads, each with its own keeper (owner), race on one execution (SEMANTICS J3, J4). */
class JdbcConcurrencyTest {
  private static final int WORKERS = 8;
  private static final List<String> STATES = List.of("Validated", "Provisioned", "Deployed", "Verified", "Announced");
  private static final Duration LEASE = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();
  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  private StepsEngine engine(StepsDatabase db, String owner, Function<String, StepAction> actions) {
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "race").owner(owner).leaseDuration(LEASE)
        .renewEvery(Duration.ZERO).clock(clock).build();
    List<SimpleStep> steps = new ArrayList<>();
    for (String state : STATES) {
      steps.add(SimpleStep.named("step" + state).state(state).run(actions.apply(state)).build());
    }
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(steps).build();
  }

  private StepAction counting(String state) {
    return ctx -> runs.computeIfAbsent(state, s -> new AtomicInteger()).incrementAndGet();
  }

  /** Runs {@code engine} until the pipeline completes: a held or taken-over step means "try again". */
  private static Void runToCompletion(StepsEngine engine) {
    for (int attempt = 0; attempt < 1_000_000; attempt++) {
      try {
        engine.run();
        return null;
      } catch (RunWaitingException heldElsewhere) {
        Thread.yield();
      } catch (StateKeeperException e) {
        if (!(e.getCause() instanceof StateConflictException)) {
          throw e;
        }
      }
    }
    throw new AssertionError("the pipeline did not complete");
  }

  private List<Future<Void>> startWorkers(ExecutorCompletionService<Void> pool, StepsDatabase db, CountDownLatch go,
      Function<String, StepAction> actions) {
    List<Future<Void>> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      StepsEngine engine = engine(db, "worker-" + w, actions);
      workers.add(pool.submit(() -> {
        go.await();
        return runToCompletion(engine);
      }));
    }
    return workers;
  }

  @ParameterizedTest(name = "J3 J4 {0}: 8 workers racing on one execution run each step's action exactly once")
  @EnumSource(Databases.class)
  void eachStepRunsOnce(Databases database) throws Exception {
    StepsDatabase db = database.freshSteps();
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Void>> workers = startWorkers(new ExecutorCompletionService<>(pool), db, go, this::counting);
      go.countDown();
      for (Future<Void> w : workers) {
        w.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<StepTransition> history = db.history("race");
    for (String state : STATES) {
      assertThat(runs.get(state)).as(state).hasValue(1);
      assertThat(Histories.count(history, state, StepStatus.RUNNING)).as(state).isEqualTo(1);
      assertThat(Histories.count(history, state, StepStatus.SUCCEEDED)).as(state).isEqualTo(1);
    }
    Histories.assertUnbroken(history);
  }

  @ParameterizedTest(name = "J3 J4 {0}: when a worker hangs past its lease, another of 8 takes the step over")
  @EnumSource(Databases.class)
  void expiredLeaseIsTakenOverByAnotherWorker(Databases database) throws Exception {
    StepsDatabase db = database.freshSteps();
    CountDownLatch hung = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<String, StepAction> actions = state -> !state.equals("Deployed") ? counting(state) : ctx -> {
      if (runs.computeIfAbsent(state, s -> new AtomicInteger()).incrementAndGet() == 1) {
        hung.countDown();
        release.await();
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      CountDownLatch go = new CountDownLatch(1);
      ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(pool);
      startWorkers(done, db, go, actions);
      go.countDown();
      assertThat(hung.await(60, TimeUnit.SECONDS)).isTrue();
      clock.advance(LEASE.plusSeconds(1));
      // the seven others finish (one of them takes the step over); then the hung one may go on
      for (int i = 0; i < WORKERS - 1; i++) {
        done.poll(60, TimeUnit.SECONDS).get();
      }
      release.countDown();
      done.poll(60, TimeUnit.SECONDS).get();
    } finally {
      release.countDown();
      pool.shutdownNow();
    }

    List<StepTransition> history = db.history("race");
    assertThat(runs.get("Deployed")).as("the hung run and the take-over").hasValue(2);
    assertThat(Histories.count(history, "Deployed", StepStatus.RUNNING)).isEqualTo(2);
    for (String state : STATES) {
      assertThat(Histories.count(history, state, StepStatus.SUCCEEDED)).as(state).isEqualTo(1);
      if (!state.equals("Deployed")) {
        assertThat(runs.get(state)).as(state).hasValue(1);
      }
    }
    Histories.assertUnbroken(history);
  }
}
