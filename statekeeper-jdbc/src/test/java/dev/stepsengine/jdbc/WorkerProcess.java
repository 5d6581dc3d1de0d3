package dev.stepsengine.jdbc;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.RunWaitingException;
import dev.stepsengine.testing.ChildJvm;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The program the multi-process tests start in a child JVM: a worker running a pipeline against
 * the database, talking to the test over stdin/stdout. It prints a marker line ({@code M <label>})
 * at each point the test may kill it and waits for any line back before going on, so the test
 * chooses where the SIGKILL lands.
 *
 * <p>Arguments: {@code <mode> <jdbc-url> <user or -> <execution> <owner> <clock offset ms>}; modes:
 * {@code migrate} (open the database, J1), {@code outputs} (a step's output read by the next, R18), {@code lock} (hold the write lock until told), {@code run} (the pipeline of {@link #STEPS} steps, with
 * markers), {@code race} (the same pipeline without markers, retrying while another worker holds a
 * step). Each step action records an effect row, so the test can count how often an action ran.
 */
public final class WorkerProcess {
  /** How many steps the pipeline has. */
  static final int STEPS = 10;
  /** The lease duration of the workers: short, so a restarted worker with an offset clock finds it expired. */
  static final Duration LEASE = Duration.ofSeconds(5);
  /** The table of step effects, created by {@link #createEffectTable}. */
  static final String EFFECTS = "test_effect";


  private WorkerProcess() {}

  /** Returns the state name of step {@code i} (1-based). */
  static String state(int i) {
    return String.format("Step%02d", i);
  }

  /** Creates the effects table (the test does it before starting workers). */
  static void createEffectTable(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + EFFECTS + " (execution_id TEXT NOT NULL, state_name TEXT NOT NULL,"
          + " owner TEXT NOT NULL)");
    }
  }

  /** Runs the worker; exits 0 when its work is done. */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    DataSource ds = DriverManagerDataSource.of(args[1], "-".equals(args[2]) ? null : args[2], null);
    ChildJvm.awaitGo();
    if (mode.equals("lock")) {
      holdTheWriteLock(ds);
      return;
    }
    if (mode.equals("migrate")) {
      System.out.println("schema " + StepsDatabase.open(ds).schemaVersion());
      return;
    }
    String execution = args[3];
    String owner = args[4];
    Clock clock = Clock.offset(Clock.systemUTC(), Duration.ofMillis(Long.parseLong(args[5])));
    if (mode.equals("outputs")) {
      chargeThenShip(ds, execution, owner, clock);
      return;
    }
    boolean markers = mode.equals("run");
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, execution).owner(owner).leaseDuration(LEASE)
        .clock(clock).build();
    List<SimpleStep> steps = new ArrayList<>();
    for (int i = 1; i <= STEPS; i++) {
      String state = state(i);
      steps.add(SimpleStep.named("step" + i).state(state).run(ctx -> {
        marker(markers, "before " + state);
        recordEffect(ds, execution, state, owner);
        marker(markers, "after " + state);
      }).build());
    }
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(steps).build();
    marker(markers, "start");
    runToCompletion(engine);
    keeper.close();
    System.out.println("DONE");
  }

  /**
   * Mode {@code outputs} (SEMANTICS R18): step {@code charge} saves a new payment id as output
   * {@code paymentId} of state {@code Charged} ({@code M saved <id>}); step {@code ship} reads it
   * ({@code M before ship}, then {@code SHIPPED <id>}).
   */
  private static void chargeThenShip(DataSource ds, String execution, String owner, Clock clock) {
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, execution).owner(owner).leaseDuration(LEASE)
        .clock(clock).build();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("charge").state("Charged").outputs("paymentId").run(ctx -> {
          String id = "pay-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
          ctx.saveOutput("paymentId", id);
          marker(true, "saved " + id);
        }).build(),
        SimpleStep.named("ship").state("Shipped").run(ctx -> {
          marker(true, "before ship");
          System.out.println("SHIPPED " + ctx.output("Charged", "paymentId").orElse("(none)"));
        }).build()).build();
    runToCompletion(engine);
    keeper.close();
    System.out.println("DONE");
  }

  private static void runToCompletion(StepsEngine engine) {
    for (;;) {
      try {
        engine.run();
        return;
      } catch (RunWaitingException heldByTheOtherWorker) {
        Thread.yield();
      } catch (StateKeeperException e) {
        if (!(e.getCause() instanceof StateConflictException)) {
          throw e;
        }
      }
    }
  }

  /** Takes the lock every keeper write needs (SQLite: the write lock; PostgreSQL: steps_state), holds it until told. */
  private static void holdTheWriteLock(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      boolean sqlite = c.getMetaData().getDatabaseProductName().contains("SQLite");
      if (sqlite) {
        s.execute("BEGIN IMMEDIATE");
      } else {
        c.setAutoCommit(false);
        s.execute("LOCK TABLE steps_state IN EXCLUSIVE MODE");
      }
      System.out.println("M locked");
      ChildJvm.awaitGo();
      if (sqlite) {
        s.execute("ROLLBACK");
      } else {
        c.rollback();
      }
    }
  }

  private static void recordEffect(DataSource ds, String execution, String state, String owner) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + EFFECTS + " VALUES (?, ?, ?)")) {
      if (c.getMetaData().getDatabaseProductName().contains("SQLite")) {
        try (Statement s = c.createStatement()) {
          s.execute("PRAGMA busy_timeout = 30000");
        }
      }
      ps.setString(1, execution);
      ps.setString(2, state);
      ps.setString(3, owner);
      ps.executeUpdate();
    }
  }

  private static void marker(boolean enabled, String label) {
    if (enabled) {
      ChildJvm.marker(label);
    }
  }

}
