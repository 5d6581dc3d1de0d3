package dev.stepsengine.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.RunResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.benchmarks.SpringBatchTenSteps;
import dev.stepsengine.jdbc.JdbcStateKeeper;
import dev.stepsengine.jdbc.StepsDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * One of the two systems of benchmark 5c on one of the two databases, ready to make first runs of
 * ten tracked steps that do nothing: the database keeper ({@code keeper}: each run a new execution
 * id) or Spring Batch 6 with its JDBC job repository ({@code springBatch}: each run a new job
 * instance). Both borrow connections from one HikariCP pool of at most {@value #POOL_SIZE} on a
 * fresh database: a SQLite file in a temp dir or a {@link ThrowawayPostgres}.
 *
 * <p>SQLite is set up so that eight concurrent writers work for both: WAL, and a lock wait of
 * {@link #SQLITE_LOCK_WAIT} (the keeper's {@code lockTimeout}; Spring Batch's {@code busy_timeout}),
 * since SQLite's busy handler is unfair and one writer can wait seconds behind seven others; and
 * {@code transaction_mode=IMMEDIATE}, which only Spring Batch uses (its transactions turn off
 * auto-commit; the keeper's issue {@code BEGIN IMMEDIATE} themselves): with SQLite's default
 * deferred transactions, a Spring Batch transaction that read before it writes fails with
 * {@code SQLITE_BUSY} when another connection writes first. With the defaults (5 s, deferred) both
 * fail at eight threads on this machine; see docs/benchmarks.md, 5c.
 *
 * <p>On PostgreSQL, Spring Batch's repository creates job instances and executions with
 * isolation {@code READ_COMMITTED} instead of its default {@code SERIALIZABLE}, as Spring Batch's
 * documentation suggests for concurrent launches: with the default, eight concurrent launches of
 * different instances fail with "could not serialize access due to read/write dependencies
 * among transactions". (SQLite's driver knows only {@code SERIALIZABLE} and
 * {@code READ_UNCOMMITTED}, and serialises writers anyway, so it keeps the default there.)
 * {@link #open} checks that one run records ten steps. Thread-safe: {@link #run()} may be called
 * from several threads at once.
 */
final class FirstRuns implements AutoCloseable {
  /** Steps per run. */
  static final int STEPS = 10;
  /** Connections in the pool: one per benchmark thread at 8 threads. */
  static final int POOL_SIZE = 8;
  /** How long a SQLite write may wait for the write lock, for both systems. */
  static final Duration SQLITE_LOCK_WAIT = Duration.ofSeconds(60);
  /** The databases: {@code sqlite} or {@code postgres}. */
  static final List<String> DATABASES = List.of("postgres", "sqlite");
  /** The systems: {@code keeper} or {@code springBatch}. */
  static final List<String> SYSTEMS = List.of("keeper", "springBatch");

  private final ThrowawayPostgres postgres;
  private final Path sqliteDir;
  private final HikariDataSource pool;
  private final Runnable run;

  private FirstRuns(ThrowawayPostgres postgres, Path sqliteDir, HikariDataSource pool, Runnable run) {
    this.postgres = postgres;
    this.sqliteDir = sqliteDir;
    this.pool = pool;
    this.run = run;
  }

  /**
   * Starts a fresh database, opens the pool, sets the system up (schema included) and makes one
   * checked run.
   *
   * @param database {@code postgres} or {@code sqlite}
   * @param system {@code keeper} or {@code springBatch}
   * @return the ready system; close it to stop and delete the database
   * @throws IllegalArgumentException if {@code database} or {@code system} is not one of the above
   * @throws IllegalStateException if the database cannot start or the checked run records other than ten steps
   */
  static FirstRuns open(String database, String system) {
    if (!DATABASES.contains(database) || !SYSTEMS.contains(system)) {
      throw new IllegalArgumentException("unknown database '" + database + "' or system '" + system
          + "': the database is one of " + DATABASES + ", the system one of " + SYSTEMS);
    }
    ThrowawayPostgres postgres = null;
    Path sqliteDir = null;
    HikariConfig config = new HikariConfig();
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName(database + "-" + system);
    try {
      if (database.equals("postgres")) {
        postgres = ThrowawayPostgres.start();
        config.setJdbcUrl(postgres.url());
        config.setUsername("postgres");
      } else {
        sqliteDir = Files.createTempDirectory("steps-bench-sqlite-");
        config.setJdbcUrl("jdbc:sqlite:" + sqliteDir.resolve("bench.db") + "?journal_mode=WAL&busy_timeout="
            + SQLITE_LOCK_WAIT.toMillis() + "&transaction_mode=IMMEDIATE");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    HikariDataSource pool = new HikariDataSource(config);
    Runnable run = system.equals("keeper") ? keeper(pool) : springBatch(pool, database);
    return new FirstRuns(postgres, sqliteDir, pool, run);
  }

  /** The pool both the system and a caller counting its statements use. */
  HikariDataSource pool() {
    return pool;
  }

  /** The PostgreSQL server, or {@code null} on SQLite. */
  ThrowawayPostgres postgres() {
    return postgres;
  }

  /** Makes one first run of ten steps; throws if it did not succeed. */
  void run() {
    run.run();
  }

  private static Runnable keeper(HikariDataSource pool) {
    StepsDatabase db = StepsDatabase.builder(pool).lockTimeout(SQLITE_LOCK_WAIT).open();
    List<PipelineStep> s = new ArrayList<>(STEPS);
    for (int i = 1; i <= STEPS; i++) {
      s.add(SimpleStep.named("step" + i).state("Step" + i + "Done").run(ctx -> { }).build());
    }
    List<PipelineStep> steps = List.copyOf(s);
    AtomicLong executions = new AtomicLong();
    Runnable run = () -> {
      try (JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "run-" + executions.incrementAndGet()).build()) {
        RunReport report = StepsEngine.builder().stateKeeper(keeper).steps(steps).build().run();
        if (report.result() != RunResult.SUCCEEDED) {
          throw new IllegalStateException("the keeper's run did not succeed: " + report);
        }
      }
    };
    run.run();
    int states = db.history("run-1").size();
    if (states != 2 * STEPS) {
      throw new IllegalStateException("one keeper run wrote " + states + " transitions, not " + 2 * STEPS);
    }
    return run;
  }

  private static Runnable springBatch(HikariDataSource pool, String database) {
    String type = database.equals("postgres") ? "postgresql" : "sqlite";
    new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-" + type + ".sql"))
        .execute(pool);
    JdbcTransactionManager tx = new JdbcTransactionManager(pool);
    JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
    factory.setDataSource(pool);
    factory.setTransactionManager(tx);
    factory.setDatabaseType(database.equals("postgres") ? "POSTGRES" : "SQLITE");
    if (database.equals("postgres")) {
      // the default SERIALIZABLE fails concurrent launches with serialization errors (see the class comment)
      factory.setIsolationLevelForCreate("ISOLATION_READ_COMMITTED");
    }
    JobRepository repository;
    try {
      factory.afterPropertiesSet();
      repository = factory.getObject();
    } catch (Exception e) {
      throw new IllegalStateException("the Spring Batch JDBC job repository could not be set up on " + database, e);
    }
    Runnable[] work = new Runnable[STEPS];
    Arrays.fill(work, (Runnable) () -> { });
    SpringBatchTenSteps job = new SpringBatchTenSteps(work, repository, tx);
    job.run();
    Integer steps = new JdbcTemplate(pool).queryForObject(
        "SELECT COUNT(*) FROM BATCH_STEP_EXECUTION WHERE STATUS = 'COMPLETED'", Integer.class);
    if (steps == null || steps != STEPS) {
      throw new IllegalStateException("one Spring Batch run recorded " + steps + " completed steps, not " + STEPS);
    }
    return job::run;
  }

  /** Closes the pool, stops PostgreSQL and deletes the database files. */
  @Override
  public void close() {
    pool.close();
    if (postgres != null) {
      postgres.close();
    }
    if (sqliteDir != null) {
      deleteTree(sqliteDir);
    }
  }

  /** Deletes {@code dir} and everything under it; throws {@link UncheckedIOException} naming it if that fails. */
  static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("deleting " + dir + " failed", e);
    }
  }
}
