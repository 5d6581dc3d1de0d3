package dev.stepsengine.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.jdbc.JdbcStateKeeper;
import dev.stepsengine.jdbc.StepsDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 5 — database keeper throughput: each operation is the first run of a new pipeline
 * instance (a new execution id) of ten tracked steps on the {@link JdbcStateKeeper}. The keeper
 * supports running state, so each step is two state writes (RUNNING lease, then SUCCEEDED), each
 * one transaction with its history row: 20 transitions per operation. {@code onePipeline} runs one
 * pipeline at a time; {@code eightPipelines} eight concurrently (eight JMH threads) on one database.
 *
 * <p>Connections come from a HikariCP pool (at most 8), as a service would configure; the keeper
 * asks its data source for a connection per read or write.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class JdbcKeeperBenchmark {
  /** Steps per pipeline. */
  public static final int STEPS = 10;
  /** State writes per pipeline run: RUNNING then SUCCEEDED for each step. */
  public static final int TRANSITIONS_PER_RUN = 2 * STEPS;

  /** {@code sqlite} (a file in a temp dir, WAL) or {@code postgresql} (a throwaway local server). */
  @Param({"sqlite", "postgresql"})
  public String database;

  private Path sqliteDir;
  private ThrowawayPostgres postgres;
  private HikariDataSource pool;
  private StepsDatabase db;
  private final AtomicLong executions = new AtomicLong();
  private List<PipelineStep> steps;

  /** Starts the database, opens the pool and the schema, and checks one run's write count. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    HikariConfig config = new HikariConfig();
    switch (database) {
      case "sqlite" -> {
        sqliteDir = Files.createTempDirectory("steps-bench-sqlite-");
        config.setJdbcUrl("jdbc:sqlite:" + sqliteDir.resolve("steps.db"));
      }
      case "postgresql" -> {
        postgres = ThrowawayPostgres.start();
        config.setJdbcUrl(postgres.url());
        config.setUsername("postgres");
      }
      default -> throw new IllegalArgumentException("unknown database " + database);
    }
    config.setMaximumPoolSize(8);
    pool = new HikariDataSource(config);
    db = StepsDatabase.open(pool);
    List<PipelineStep> s = new ArrayList<>(STEPS);
    for (int i = 1; i <= STEPS; i++) {
      s.add(SimpleStep.named("step" + i).state("Step" + i + "Done").run(ctx -> { }).build());
    }
    steps = List.copyOf(s);
    try (JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "check").build()) {
      StepsEngine.builder().stateKeeper(keeper).steps(steps).build().run();
      if (keeper.history().size() != TRANSITIONS_PER_RUN) {
        throw new IllegalStateException("one run wrote " + keeper.history().size() + " transitions, not "
            + TRANSITIONS_PER_RUN);
      }
    }
  }

  /** Closes the pool and removes the database. */
  @TearDown(Level.Trial)
  public void tearDown() {
    pool.close();
    if (postgres != null) {
      postgres.close();
    }
    if (sqliteDir != null) {
      FirstRuns.deleteTree(sqliteDir);
    }
  }

  /** One pipeline at a time: ten steps, twenty transitions. */
  @Benchmark
  @Threads(1)
  public RunReport onePipeline() {
    return runNewPipeline();
  }

  /** Eight pipelines at once, each a different execution on the same database. */
  @Benchmark
  @Threads(8)
  public RunReport eightPipelines() {
    return runNewPipeline();
  }

  private RunReport runNewPipeline() {
    try (JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "run-" + executions.incrementAndGet()).build()) {
      return StepsEngine.builder().stateKeeper(keeper).steps(steps).build().run();
    }
  }
}
