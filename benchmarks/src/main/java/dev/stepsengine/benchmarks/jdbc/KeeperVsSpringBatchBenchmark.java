package dev.stepsengine.benchmarks.jdbc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Benchmark 5c (issue 13) — the database keeper against Spring Batch 6 with its JDBC job
 * repository, side by side on the same databases: each operation is one first run of ten tracked
 * steps that do nothing (a new execution id for the keeper, a new job instance for Spring Batch),
 * so only the bookkeeping is measured. See {@link FirstRuns} for the setup. Run it once with
 * {@code -t 1} and once with {@code -t 8}: the threads make runs concurrently on one database over
 * one pool of eight connections. Commits and WAL syncs per run are counted by
 * {@link CommitsPerRunMain}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class KeeperVsSpringBatchBenchmark {
  /** {@code postgres} (a throwaway local server) or {@code sqlite} (a file in a temp dir, WAL). */
  @Param({"postgres", "sqlite"})
  public String database;

  /** {@code keeper} (the database keeper) or {@code springBatch} (Spring Batch's JDBC job repository). */
  @Param({"keeper", "springBatch"})
  public String system;

  private FirstRuns runs;

  /** Starts a fresh database and sets the system up; one checked run. */
  @Setup(Level.Trial)
  public void setUp() {
    runs = FirstRuns.open(database, system);
  }

  /** Stops and deletes the database. */
  @TearDown(Level.Trial)
  public void tearDown() {
    runs.close();
  }

  /** One first run of ten steps. */
  @Benchmark
  public void firstRun() {
    runs.run();
  }
}
