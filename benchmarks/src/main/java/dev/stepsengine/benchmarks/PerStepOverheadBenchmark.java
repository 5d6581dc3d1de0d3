package dev.stepsengine.benchmarks;

import dev.stepsengine.RunReport;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.InMemoryStateKeeper;
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
import org.springframework.batch.core.job.JobExecution;

/**
 * Benchmark 1 — per-step overhead: one run of a pipeline of ten trivial steps ({@link TenSteps})
 * by each runner, in one JMH run so the ratios are comparable. Divide a score by ten for the cost
 * per step; subtract {@link #handWritten()} first for the runner's own overhead.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class PerStepOverheadBenchmark {
  private TenSteps target;
  private StepsEngine builderNoKeeper;
  private StepsEngine noKeeper;
  private InMemoryStateKeeper keeper;
  private StepsEngine inMemoryKeeper;
  private ReflectiveRunner reflective;
  private SpringBatchTenSteps springBatch;

  /** Builds every runner over one target. */
  @Setup
  public void setUp() {
    target = new TenSteps();
    builderNoKeeper = StepsEngine.builder().steps(EnginePipelines.untracked(target)).build();
    noKeeper = TenStepsPipeline.engine(target).build();
    keeper = new InMemoryStateKeeper("bench");
    inMemoryKeeper = TenStepsPipeline.engine(target).stateKeeper(keeper).build();
    reflective = ReflectiveRunner.scan(TenSteps.class);
    if (reflective.size() != TenSteps.STEPS) {
      throw new IllegalStateException("the reflective runner found " + reflective.size() + " steps");
    }
    springBatch = new SpringBatchTenSteps(target);
  }

  /** The floor: the ten methods called directly. */
  @Benchmark
  public long handWritten() {
    return target.runDirectly();
  }

  /** The generated pipeline on an engine with no keeper (no state tracking): the engine's hot path. */
  @Benchmark
  public RunReport generatedNoKeeper() {
    return noKeeper.run();
  }

  /** The same steps built by hand with the builder API, no keeper: should cost what the generated ones do. */
  @Benchmark
  public RunReport builderNoKeeper() {
    return builderNoKeeper.run();
  }

  /**
   * The generated pipeline with the in-memory keeper, every step tracked and pending: ten reads
   * and ten writes per run. The keeper is cleared first so each run starts from nothing (the clear
   * is included; it is two collection clears).
   */
  @Benchmark
  public RunReport generatedInMemoryKeeper() {
    keeper.clear();
    return inMemoryKeeper.run();
  }

  /** A runtime-annotation runner: {@link java.lang.reflect.Method#invoke} per step. */
  @Benchmark
  public long reflectiveRunner() {
    reflective.run(target);
    return target.counter();
  }

  /**
   * The reflective runner, also timing each step with {@link System#nanoTime()} into a per-run
   * array, as the engine does for its report: separates the cost of timing from the cost of reflection.
   */
  @Benchmark
  public long[] reflectiveRunnerTimed() {
    return reflective.runTimed(target);
  }

  /** Spring Batch 6: ten tasklet steps on the resourceless job repository. */
  @Benchmark
  public JobExecution springBatch() {
    return springBatch.run();
  }
}
