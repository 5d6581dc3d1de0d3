package dev.stepsengine.benchmarks;

import dev.stepsengine.ParallelSteps;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StepsEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 3 — parallel groups: 64 children that each block 5 ms ({@link Thread#sleep}, a
 * stand-in for I/O) in one {@link ParallelSteps} group at a given {@code maxConcurrency}. The
 * ideal wall time is {@code ceil(64 / c) × 5 ms}; the gap is scheduling cost plus sleep overshoot.
 *
 * <p>{@code executor}: {@code default} is the engine's own pool; {@code fixed64} a fixed pool of
 * 64 threads; {@code cached} {@link Executors#newCachedThreadPool()} (unbounded), the executor
 * users most often pass.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ParallelGroupsBenchmark {
  /** The number of children of the group. */
  public static final int CHILDREN = 64;
  /** How long each child blocks, in milliseconds. */
  public static final long BLOCK_MILLIS = 5;

  /** The group's {@code maxConcurrency}. */
  @Param({"8", "16", "64"})
  public int maxConcurrency;

  /** Which executor runs the children: {@code default}, {@code fixed64} or {@code cached}. */
  @Param({"default", "fixed64", "cached"})
  public String executor;

  private ExecutorService pool;
  private StepsEngine engine;

  /** Builds the group and the engine over the chosen executor. */
  @Setup
  public void setUp() {
    List<PipelineStep> children = new ArrayList<>(CHILDREN);
    for (int i = 0; i < CHILDREN; i++) {
      children.add(SimpleStep.of("child" + i, ctx -> Thread.sleep(BLOCK_MILLIS)));
    }
    ParallelSteps group = ParallelSteps.named("batches").steps(children).maxConcurrency(maxConcurrency).build();
    StepsEngine.Builder b = StepsEngine.builder().steps(group);
    ThreadFactory daemons = r -> {
      Thread t = new Thread(r, "bench-parallel");
      t.setDaemon(true);
      return t;
    };
    switch (executor) {
      case "default" -> pool = null;
      case "fixed64" -> pool = Executors.newFixedThreadPool(CHILDREN, daemons);
      case "cached" -> pool = Executors.newCachedThreadPool(daemons);
      default -> throw new IllegalArgumentException("unknown executor " + executor);
    }
    if (pool != null) {
      b.executor(pool);
    }
    engine = b.build();
  }

  /** Stops the pool, if the benchmark made one. */
  @TearDown
  public void tearDown() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** One run of the group: all 64 children. */
  @Benchmark
  public RunReport group() {
    return engine.run();
  }

}
