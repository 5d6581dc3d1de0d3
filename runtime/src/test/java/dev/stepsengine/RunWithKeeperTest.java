package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.InMemoryThrottleStore;
import dev.stepsengine.throttling.Throttle;
import dev.stepsengine.throttling.ThrottleStore;
import dev.stepsengine.throttling.Throttler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One engine, many keepers: {@link StepsEngine#runWith(StateKeeper)} runs the engine's steps over the
 * keeper it is given (a controller builds the engine once and a keeper per object it reconciles).
 */
class RunWithKeeperTest {
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  private final ManualClock clock = new ManualClock();
  private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  private SimpleStep tracked(String name, String state) {
    return SimpleStep.named(name).state(state).run(ctx -> calls.add(name + "@" + ctx.stateName().orElse(""))).build();
  }

  /** An in-memory keeper that also offers a throttle store of its own, as the persistent keepers do. */
  private static final class StoringKeeper extends ForwardingStateKeeper {
    final InMemoryThrottleStore throttles = new InMemoryThrottleStore();

    StoringKeeper(String summary) {
      super(new InMemoryStateKeeper(summary));
    }

    @Override
    public Optional<ThrottleStore> persistentThrottleStore() {
      return Optional.of(throttles);
    }
  }

  @Test
  @DisplayName("R1, R2: one engine run over two keepers keeps each object's states apart, and a re-run skips what succeeded")
  void keepersKeepTheirOwnStates() {
    StepsEngine engine = StepsEngine.builder().clock(clock)
        .steps(tracked("validate", "Valid"), tracked("deploy", "Deployed")).build();
    InMemoryStateKeeper a = new InMemoryStateKeeper("Widget/default/a");
    InMemoryStateKeeper b = new InMemoryStateKeeper("Widget/default/b");
    b.putSucceeded("Valid");

    RunReport first = engine.runWith(a);
    RunReport other = engine.runWith(b);
    RunReport again = engine.runWith(a);

    assertThat(first.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(other.outcome("validate")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(other.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(again.outcome("validate")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(again.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(calls).containsExactly("validate@Valid", "deploy@Deployed", "deploy@Deployed");
    assertThat(a.states()).containsOnlyKeys("Valid", "Deployed");
    assertThat(b.states()).containsOnlyKeys("Valid", "Deployed");
  }

  @Test
  @DisplayName("K4: runWith(keeper) flushes the keeper it was given, not the builder's, which it leaves untouched")
  void flushesTheRunKeeper() {
    InMemoryStateKeeper builders = new InMemoryStateKeeper("builder");
    InMemoryStateKeeper given = new InMemoryStateKeeper("given");
    StepsEngine engine = StepsEngine.builder().stateKeeper(builders).clock(clock)
        .steps(tracked("deploy", "Deployed")).build();

    engine.runWith(given);

    assertThat(given.flushes()).isEqualTo(1);
    assertThat(given.states()).containsOnlyKeys("Deployed");
    assertThat(builders.flushes()).isZero();
    assertThat(builders.reads()).isZero();
    assertThat(builders.states()).isEmpty();
  }

  @Test
  @DisplayName("R1: a step with a keeper of its own keeps it when the engine runs over another keeper")
  void stepsOwnKeeperWins() {
    InMemoryStateKeeper own = new InMemoryStateKeeper("own");
    InMemoryStateKeeper given = new InMemoryStateKeeper("given");
    StepsEngine engine = StepsEngine.builder().clock(clock).steps(
        SimpleStep.named("audit").state("Audited").stateKeeper(own).run(ctx -> calls.add("audit")).build(),
        tracked("deploy", "Deployed")).build();

    engine.runWith(given);

    assertThat(own.states()).containsOnlyKeys("Audited");
    assertThat(given.states()).containsOnlyKeys("Deployed");
    assertThat(own.flushes()).isEqualTo(1);
  }

  @Test
  @DisplayName("R4: without a throttler of its own the engine keeps each run's throttle times in that keeper's store, partitioned by its summary")
  void throttleTimesInTheRunKeepersStore() {
    StepsEngine engine = StepsEngine.builder().clock(clock).steps(
        SimpleStep.named("refresh").throttle(Throttle.every(FIVE_MINUTES)).run(ctx -> calls.add("refresh")).build()).build();
    StoringKeeper a = new StoringKeeper("Widget/default/a");
    StoringKeeper b = new StoringKeeper("Widget/default/b");

    engine.runWith(a);
    RunReport otherObject = engine.runWith(b);
    RunReport sameObject = engine.runWith(a);
    RunReport restarted = StepsEngine.builder().clock(clock).steps(engine.steps()).build().runWith(a);

    assertThat(otherObject.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(sameObject.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(restarted.outcome("refresh")).as("a new engine reads the times the keeper kept")
        .isEqualTo(StepOutcome.THROTTLED);
    assertThat(a.throttles.get("Widget/default/a:refresh")).isPresent();
    assertThat(a.throttles.get("Widget/default/b:refresh")).isEmpty();
    assertThat(b.throttles.get("Widget/default/b:refresh")).isPresent();
    assertThat(calls).containsExactly("refresh", "refresh");
  }

  @Test
  @DisplayName("R4: a throttler given to the builder is used for every run, whatever the keeper offers")
  void buildersThrottlerWins() {
    Throttler shared = Throttler.using(new InMemoryThrottleStore());
    StepsEngine engine = StepsEngine.builder().clock(clock).throttler(shared).steps(
        SimpleStep.named("refresh").throttle(Throttle.every(FIVE_MINUTES)).run(ctx -> calls.add("refresh")).build()).build();
    StoringKeeper a = new StoringKeeper("Widget/default/a");

    engine.runWith(a);
    RunReport second = engine.runWith(new StoringKeeper("Widget/default/a"));

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(a.throttles.get("Widget/default/a:refresh")).isEmpty();
  }

  @Test
  @DisplayName("R18: runWith(keeper) with a keeper that cannot store the declared outputs is refused before any step runs")
  void outputsNeedAKeeperThatStoresThem() {
    StepsEngine engine = StepsEngine.builder().keeperPerRun().clock(clock).steps(
        SimpleStep.named("charge").state("Charged").outputs("paymentId")
            .run(ctx -> ctx.saveOutput("paymentId", "p-1")).build()).build();
    InMemoryStateKeeper none = new InMemoryStateKeeper("no-outputs").withMaxOutputChars(0);

    assertThatThrownBy(() -> engine.runWith(none))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("STEPS-R18").hasMessageContaining("charge").hasMessageContaining("no-outputs");
    assertThat(none.reads()).isZero();
    InMemoryStateKeeper storing = new InMemoryStateKeeper("storing");
    engine.runWith(storing);
    assertThat(storing.states().get("Charged").outputs()).containsEntry("paymentId", "p-1");
  }

  @Test
  @DisplayName("R13, R19: reconcileWith(keeper) maps the run over that keeper and rejects a null keeper by name")
  void reconcileOverAKeeper() {
    StepsEngine engine = StepsEngine.builder().clock(clock).steps(
        SimpleStep.named("wait").state("Ready").run(ctx -> {
          throw WaitException.after(Duration.ofSeconds(7), new IllegalStateException("not yet"));
        }).build()).build();
    InMemoryStateKeeper keeper = new InMemoryStateKeeper("Widget/default/a");

    ReconcileResult result = engine.reconcileWith(keeper);

    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(7));
    assertThat(keeper.flushes()).isEqualTo(1);
    assertThatThrownBy(() -> engine.runWith(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("keeper");
    assertThatThrownBy(() -> engine.reconcileWith(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("keeper");
  }

  private static SimpleStep.Builder refresh() {
    return SimpleStep.named("refresh").throttle(Throttle.every(FIVE_MINUTES)).run(ctx -> { });
  }

  @Test
  @DisplayName("R4: an explicit throttlePartition is one throttle for every run of the engine, whatever keeper each run has")
  void explicitPartitionIsSharedAcrossRunKeepers() {
    StepsEngine engine = StepsEngine.builder().clock(clock).throttlePartition("tenant-1").steps(refresh().build()).build();

    engine.runWith(new StoringKeeper("Widget/default/a"));
    RunReport second = engine.runWith(new StoringKeeper("Widget/default/b"));

    assertThat(second.outcome("refresh")).as("same key tenant-1:refresh, recorded a moment ago")
        .isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("R1, R4: a step with a keeper of its own keeps its throttle times in that keeper's store, whatever keeper the run has")
  void stepsOwnKeeperThrottleFollowsItsKeeper() {
    StoringKeeper own = new StoringKeeper("Shared/own");
    StepsEngine engine = StepsEngine.builder().clock(clock).steps(refresh().stateKeeper(own).build()).build();
    StoringKeeper a = new StoringKeeper("Widget/default/a");

    engine.runWith(a);
    RunReport second = engine.runWith(new StoringKeeper("Widget/default/b"));

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(own.throttles.get("Shared/own:refresh")).isPresent();
    assertThat(a.throttles.get("Shared/own:refresh")).isEmpty();
  }

  @Test
  @DisplayName("R4: run() of an engine with a keeper that has a persistent store keeps throttle times there, so a rebuilt engine honours them")
  void runUsesTheBuildersKeepersStore() {
    StoringKeeper keeper = new StoringKeeper("Widget/default/a");
    StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(refresh().build()).build().run();

    RunReport rebuilt = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(refresh().build()).build().run();

    assertThat(rebuilt.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(keeper.throttles.get("Widget/default/a:refresh")).isPresent();
  }

  @Test
  @DisplayName("R18: an engine built with keeperPerRun() may declare outputs; each run's keeper stores them, and run() without a keeper is refused")
  void keeperPerRunWithOutputs() {
    StepsEngine engine = StepsEngine.builder().keeperPerRun().clock(clock).steps(
        SimpleStep.named("charge").state("Charged").outputs("paymentId")
            .run(ctx -> ctx.saveOutput("paymentId", "p-1")).build()).build();
    InMemoryStateKeeper storing = new InMemoryStateKeeper("Widget/default/a");

    engine.runWith(storing);

    assertThat(storing.states().get("Charged").outputs()).containsEntry("paymentId", "p-1");
    assertThatThrownBy(engine::run).isInstanceOf(IllegalStateException.class).hasMessageContaining("keeperPerRun()");
    assertThatThrownBy(engine::runAsReconcilerResponse).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("runWith(keeper)");
    assertThatThrownBy(() -> engine.runWith(new InMemoryStateKeeper("none").withMaxOutputChars(0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STEPS-R18");
    assertThatThrownBy(() -> StepsEngine.builder().steps(engine.steps()).build())
        .as("without keeperPerRun() the build still refuses outputs with no keeper")
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keeperPerRun()");
    assertThatThrownBy(() -> StepsEngine.builder().keeperPerRun().stateKeeper(storing).steps(engine.steps()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contradict");
  }

  @Test
  @DisplayName("R1, K6: one engine run at once over two keepers on two threads: each parallel child sees its run's keeper")
  void concurrentRuns() throws Exception {
    CyclicBarrier both = new CyclicBarrier(2);
    StepsEngine engine = StepsEngine.builder().clock(clock).steps(
        ParallelSteps.named("all").steps(
            SimpleStep.named("meet").state("Met").run(ctx -> {
              both.await(10, TimeUnit.SECONDS);
              ((InMemoryStateKeeper) ctx.stateKeeper().orElseThrow()).putSucceeded("Seen" + ctx.stateKeeper().get().getSummary());
            }).build(),
            SimpleStep.named("other").state("Other").run(ctx -> { }).build()).build()).build();
    InMemoryStateKeeper a = new InMemoryStateKeeper("a");
    InMemoryStateKeeper b = new InMemoryStateKeeper("b");

    // two threads of its own: the common pool has a single thread on a 2-core machine
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<RunReport> ra = CompletableFuture.supplyAsync(() -> engine.runWith(a), threads);
      CompletableFuture<RunReport> rb = CompletableFuture.supplyAsync(() -> engine.runWith(b), threads);
      ra.get(20, TimeUnit.SECONDS);
      rb.get(20, TimeUnit.SECONDS);
    } finally {
      threads.shutdownNow();
    }

    assertThat(a.states()).containsOnlyKeys("Met", "Other", "Seena");
    assertThat(b.states()).containsOnlyKeys("Met", "Other", "Seenb");
    assertThat(a.flushes()).isEqualTo(1);
    assertThat(b.flushes()).isEqualTo(1);
  }
}
