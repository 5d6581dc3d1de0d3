package dev.stepsengine.benchmarks;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 8 — what the round-2 lifecycle features cost: the ten untracked steps of
 * {@link TenSteps} with no feature (the engine's hot path, as in benchmark 1), with an engine-wide
 * predicate (R17), and with a step timeout on every step (R16). The first shows that unused
 * features cost nothing; the others what using them costs per step.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class LifecycleFeaturesBenchmark {
  private StepsEngine plain;
  private StepsEngine engineWidePredicate;
  private StepsEngine timeouts;

  /** Builds the three engines over one target. */
  @Setup
  public void setUp() {
    TenSteps target = new TenSteps();
    List<PipelineStep> steps = EnginePipelines.untracked(target);
    plain = StepsEngine.builder().steps(steps).build();
    engineWidePredicate = StepsEngine.builder().when("notDeleting", ctx -> !target.deleting()).steps(steps).build();
    timeouts = StepsEngine.builder()
        .steps(steps.stream().map(s -> (PipelineStep) ((SimpleStep) s).toBuilder().timeout(Duration.ofMinutes(1))
            .build()).toList())
        .build();
  }

  /** No timeout, no engine-wide predicate: the hot path. */
  @Benchmark
  public RunReport unused() {
    return plain.run();
  }

  /** One engine-wide predicate, true for every step. */
  @Benchmark
  public RunReport engineWidePredicate() {
    return engineWidePredicate.run();
  }

  /** A one-minute timeout on every step: an alarm scheduled and cancelled per attempt. */
  @Benchmark
  public RunReport stepTimeouts() {
    return timeouts.run();
  }
}
