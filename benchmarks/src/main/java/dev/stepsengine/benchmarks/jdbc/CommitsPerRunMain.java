package dev.stepsengine.benchmarks.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark 5c, second half: commits and WAL syncs per first run of ten steps on PostgreSQL, for
 * the database keeper and for Spring Batch's JDBC job repository, as the server counts them.
 *
 * <p>For each system: a fresh {@link ThrowawayPostgres} and {@link FirstRuns#open set-up}; then
 * {@code pg_stat_database.xact_commit} of the {@code postgres} database and
 * {@code pg_stat_wal.wal_sync}/{@code wal_bytes} (the whole server) are read before and after
 * {@code runs} runs made by {@code threads} threads. A backend publishes its counters when it is
 * idle (at most once a second) or when it exits, so before each reading the pool's connections are
 * closed and the reading waits until their backends are gone and two readings 200 ms apart agree
 * (background writes, e.g. the WAL writer's or autovacuum's, may still add a little). The readings are made from a
 * connection to {@code template1}, so the reader's own transactions are not counted.
 *
 * <p>Started with {@code -Dsteps.bench.postgres.options=--shared_preload_libraries=pg_stat_statements}
 * (see {@link ThrowawayPostgres#EXTRA_OPTIONS}), it also counts the statements the server
 * executed per run, {@code BEGIN}, {@code COMMIT} and {@code SET} included.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.stepsengine.benchmarks.jdbc.CommitsPerRunMain [runs [threads]]}
 * (default 200 runs, 1 thread). Prints one Markdown table row per system.
 */
public final class CommitsPerRunMain {
  private CommitsPerRunMain() { }

  /**
   * Counts and prints.
   *
   * @param args optional number of runs (default 200) and of threads (default 1)
   * @throws Exception if a run or a reading fails
   */
  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    if (runs < 1 || threads < 1) {
      throw new IllegalArgumentException("runs and threads must be at least 1, got " + runs + " and " + threads);
    }
    System.out.println("| system | threads | runs | commits/run | WAL syncs/run | WAL bytes/run | statements/run |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    StringBuilder breakdown = new StringBuilder();
    for (String system : FirstRuns.SYSTEMS) {
      try (FirstRuns r = FirstRuns.open("postgres", system)) {
        String reader = r.postgres().url().replace("/postgres", "/template1");
        long[] before = settledCounters(r, reader);
        if (before[3] >= 0) {
          before[3] = resetStatements(reader);
        }
        runAll(r, runs, threads);
        long[] after = settledCounters(r, reader);
        if (after[3] >= 0) {
          breakdown.append(topStatements(reader, system, runs));
        }
        System.out.printf("| %s | %d | %d | %.2f | %.2f | %.0f | %s |%n", system, threads, runs,
            (after[0] - before[0]) / (double) runs, (after[1] - before[1]) / (double) runs,
            (after[2] - before[2]) / (double) runs,
            before[3] < 0 ? "n/a" : String.format("%.2f", (after[3] - before[3]) / (double) runs));
      }
    }
    System.out.print(breakdown);
  }

  private static long resetStatements(String readerUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(readerUrl, "postgres", "");
         Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_statements_reset()");
      return statements(c);
    }
  }

  /** The statements of {@code postgres} by calls per run since the reset, as a Markdown table. */
  private static String topStatements(String readerUrl, String system, int runs) throws SQLException {
    StringBuilder out = new StringBuilder("\n| " + system + ": statement | calls/run |\n|---|---:|\n");
    try (Connection c = DriverManager.getConnection(readerUrl, "postgres", "");
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 100)"
             + " FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'postgres')"
             + " ORDER BY calls DESC LIMIT 20")) {
      while (rs.next()) {
        out.append(String.format("| `%s` | %.2f |%n", rs.getString(2).replace("|", "\\|"), rs.getLong(1) / (double) runs));
      }
    }
    return out.toString();
  }

  private static void runAll(FirstRuns r, int runs, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      AtomicInteger left = new AtomicInteger(runs);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(pool.submit(() -> {
          while (left.getAndDecrement() > 0) {
            r.run();
          }
        }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /**
   * Closes the pool's idle connections, waits until their backends have exited (and so published
   * their counters), then returns xact_commit of {@code postgres}, wal_sync and wal_bytes.
   */
  private static long[] settledCounters(FirstRuns r, String readerUrl) throws SQLException, InterruptedException {
    try (Connection c = DriverManager.getConnection(readerUrl, "postgres", "")) {
      List<Integer> pids = new ArrayList<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = 'postgres' AND backend_type = 'client backend'")) {
        while (rs.next()) {
          pids.add(rs.getInt(1));
        }
      }
      r.pool().getHikariPoolMXBean().softEvictConnections();
      try (PreparedStatement alive = c.prepareStatement(
          "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)")) {
        alive.setArray(1, c.createArrayOf("integer", pids.toArray()));
        for (int tries = 0; ; tries++) {
          try (ResultSet rs = alive.executeQuery()) {
            rs.next();
            if (rs.getInt(1) == 0) {
              break;
            }
          }
          if (tries > 1500) {
            throw new IllegalStateException("the pool's backends " + pids + " did not exit within 30 s; pool: "
                + r.pool().getHikariPoolMXBean().getActiveConnections() + " active, "
                + r.pool().getHikariPoolMXBean().getIdleConnections() + " idle");
          }
          Thread.sleep(20);
        }
      }
      // a backend leaves pg_stat_activity just before it publishes its counters: read until two readings agree
      long[] last = read(c);
      while (true) {
        Thread.sleep(200);
        long[] now = read(c);
        if (Arrays.equals(now, last)) {
          return now;
        }
        last = now;
      }
    }
  }

  private static long[] read(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_clear_snapshot()");
      try (ResultSet rs = s.executeQuery("SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = 'postgres'),"
          + " wal_sync, wal_bytes FROM pg_stat_wal")) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), statements(c)};
      }
    }
  }

  /**
   * Returns the statements executed in {@code postgres} so far (BEGIN, COMMIT and SET included),
   * or -1 when pg_stat_statements is not loaded (start with {@code
   * -Dsteps.bench.postgres.options=--shared_preload_libraries=pg_stat_statements}).
   */
  private static long statements(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      try (ResultSet rs = s.executeQuery("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
          + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'postgres')")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException notLoaded) {
      return -1;
    }
  }
}
