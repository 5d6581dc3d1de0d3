package dev.stepsengine.benchmarks;

import dev.stepsengine.ReconcileResult;
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

/**
 * Benchmark 2 — steady-state reconcile: the ten tracked steps of the generated pipeline of
 * {@link TenSteps} are all stored as succeeded in the in-memory keeper, the common case of an
 * operator's reconcile loop. Each run reads ten states, skips ten steps and writes nothing.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
@State(Scope.Thread)
public class SteadyStateReconcileBenchmark {
  private StepsEngine engine;
  private InMemoryStateKeeper keeper;

  /** Stores every step as succeeded and checks that a run writes nothing. */
  @Setup
  public void setUp() {
    keeper = new InMemoryStateKeeper("bench");
    keeper.putSucceeded(TenStepsPipeline.STATE_NAMES.toArray(new String[0]));
    engine = TenStepsPipeline.engine(new TenSteps()).stateKeeper(keeper).build();
    engine.run();
    if (!keeper.transitions().isEmpty()) {
      throw new IllegalStateException("a steady-state run wrote " + keeper.transitions());
    }
  }

  /** {@link StepsEngine#run()}: the report only. */
  @Benchmark
  public RunReport run() {
    return engine.run();
  }

  /** {@link StepsEngine#runAsReconcilerResponse()}: the report and its requeue delay. */
  @Benchmark
  public ReconcileResult runAsReconcilerResponse() {
    return engine.runAsReconcilerResponse();
  }
}
