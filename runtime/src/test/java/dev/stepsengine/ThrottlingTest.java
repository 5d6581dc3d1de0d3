package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.throttling.Throttle;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** SEMANTICS R4: throttled steps, on the manual clock. */
class ThrottlingTest extends EngineTestSupport {
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  /** A step throttled by {@code throttle} that records its runs. */
  private SimpleStep throttled(String name, Throttle throttle) {
    return recording(name).throttle(throttle).build();
  }

  private StepsEngine refreshEngine() {
    return engine(throttled("refresh", Throttle.every(FIVE_MINUTES))).build();
  }

  @Test
  @DisplayName("R4: a throttled step never seen before runs at once")
  void firstCallRunsAtOnce() {
    RunReport report = refreshEngine().run();

    assertThat(report.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(calls).containsExactly("refresh");
  }

  @Test
  @DisplayName("R4: within the interval the step is THROTTLED and does not run")
  void throttledWithinInterval() {
    StepsEngine engine = refreshEngine();
    engine.run();
    clock.advance(FIVE_MINUTES.minusSeconds(1));

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(calls).containsExactly("refresh");
  }

  @Test
  @DisplayName("R4: once the interval has passed the step runs again")
  void runsAgainAfterInterval() {
    StepsEngine engine = refreshEngine();
    engine.run();
    clock.advance(FIVE_MINUTES);

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(calls).containsExactly("refresh", "refresh");
  }

  /** A step that takes one minute on the manual clock, then succeeds. */
  private SimpleStep oneMinuteStep(Throttle throttle) {
    return SimpleStep.named("refresh").throttle(throttle).run(ctx -> {
      calls.add("refresh");
      clock.advance(Duration.ofMinutes(1));
    }).build();
  }

  @Test
  @DisplayName("R4: by default the interval is measured from the last start")
  void intervalFromLastStart() {
    StepsEngine engine = engine(oneMinuteStep(Throttle.every(FIVE_MINUTES))).build();
    engine.run(); // started at 0:00, succeeded at 0:01
    clock.advance(Duration.ofMinutes(4).plusSeconds(30)); // 5:30 after the start, 4:30 after the success

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R4: with ensureSuccess the interval is measured from the last success")
  void intervalFromLastSuccess() {
    StepsEngine engine = engine(oneMinuteStep(Throttle.every(FIVE_MINUTES).ensureSuccess())).build();
    engine.run(); // started at 0:00, succeeded at 0:01
    clock.advance(Duration.ofMinutes(4).plusSeconds(30)); // 5:30 after the start, 4:30 after the success

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("R4: without ensureSuccess a failed start still throttles the next run")
  void failedStartThrottles() {
    StepsEngine engine = engine(recording("refresh").throttle(Throttle.every(FIVE_MINUTES)).continueOnError()
        .run(failWith(new IllegalStateException("boom"))).build()).build();
    engine.run();

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("R4: with ensureSuccess a failed step is not throttled: it runs again at the next run")
  void ensureSuccessRetriesAfterFailure() {
    StepsEngine engine = engine(recording("refresh").throttle(Throttle.every(FIVE_MINUTES).ensureSuccess())
        .continueOnError().run(failWith(new IllegalStateException("boom"))).build()).build();
    engine.run();

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.FAILED_CONTINUED);
  }

  @Test
  @DisplayName("R4: the key is the partition (the keeper's summary), a colon and the step name")
  void keyIsPartitionAndStepName() {
    refreshEngine().run();

    assertThat(throttler.store().get("test-object:refresh")).isPresent();
  }

  @Test
  @DisplayName("R4: a key override replaces the step name in the key")
  void keyOverride() {
    engine(throttled("refresh", Throttle.every(FIVE_MINUTES).key("metrics"))).build().run();

    assertThat(throttler.store().get("test-object:metrics")).isPresent();
    assertThat(throttler.store().get("test-object:refresh")).isEmpty();
  }

  @Test
  @DisplayName("R4: two steps with the same key override share one throttle")
  void sharedKeyOverride() {
    Throttle shared = Throttle.every(FIVE_MINUTES).key("metrics");

    RunReport report = engine(throttled("first", shared), throttled("second", shared)).build().run();

    assertThat(report.outcome("second")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(calls).containsExactly("first");
  }

  @Test
  @DisplayName("R4: an explicit throttle partition replaces the keeper's summary")
  void explicitPartition() {
    engine(throttled("refresh", Throttle.every(FIVE_MINUTES))).throttlePartition("tenant-7").build().run();

    assertThat(throttler.store().get("tenant-7:refresh")).isPresent();
  }

  @Test
  @DisplayName("R4: two keepers (two objects) never share a throttle")
  void twoKeepersDoNotShare() {
    SimpleStep step = throttled("refresh", Throttle.every(FIVE_MINUTES));
    StepsEngine.Builder objectA = StepsEngine.builder().stateKeeper(new InMemoryStateKeeper("Db/default/a"))
        .clock(clock).throttler(throttler).steps(step);
    StepsEngine.Builder objectB = StepsEngine.builder().stateKeeper(new InMemoryStateKeeper("Db/default/b"))
        .clock(clock).throttler(throttler).steps(step);
    objectA.build().run();

    RunReport b = objectB.build().run();

    assertThat(b.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(objectA.build().run().outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("R4: two default in-memory keepers get distinct partitions")
  void defaultKeepersDoNotShare() {
    SimpleStep step = throttled("refresh", Throttle.every(FIVE_MINUTES));
    StepsEngine.builder().stateKeeper(new InMemoryStateKeeper()).clock(clock).throttler(throttler).steps(step)
        .build().run();

    RunReport other = StepsEngine.builder().stateKeeper(new InMemoryStateKeeper()).clock(clock).throttler(throttler)
        .steps(step).build().run();

    assertThat(other.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("R4: reset(key) forgets the key, so the step runs within the interval")
  void resetForgetsKey() {
    StepsEngine engine = refreshEngine();
    engine.run();

    throttler.reset("test-object:refresh");
    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(calls).containsExactly("refresh", "refresh");
  }

  @Test
  @DisplayName("R4: an engine without a configured throttler still throttles (one in-memory default per process)")
  void defaultThrottlerStillThrottles() {
    // a fresh object identity, so no other test's use of the process-wide default interferes
    String object = "Db/default/" + UUID.randomUUID();
    SimpleStep step = throttled("refresh", Throttle.every(FIVE_MINUTES));
    StepsEngine.builder().stateKeeper(new InMemoryStateKeeper(object)).clock(clock).steps(step).build().run();

    // a new engine, as a controller builds for each reconcile
    RunReport second = StepsEngine.builder().stateKeeper(new InMemoryStateKeeper(object)).clock(clock).steps(step)
        .build().run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("R4: a throttled step writes no state, not even RUNNING")
  void throttledWritesNothing() {
    keeper.withRunningState(true);
    StepsEngine engine = engine(recording("refresh").state("Refreshed").skipStateCheck()
        .throttle(Throttle.every(FIVE_MINUTES)).build()).build();
    engine.run();
    int writes = keeper.transitions().size();

    RunReport second = engine.run();

    assertThat(second.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(keeper.transitions()).hasSize(writes);
  }
}
