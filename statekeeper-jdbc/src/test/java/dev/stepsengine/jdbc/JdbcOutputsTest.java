package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ChildJvm;
import dev.stepsengine.testing.ManualClock;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Durable step outputs in the database keeper (SEMANTICS R18) on SQLite and PostgreSQL: stored
 * with the {@code SUCCEEDED} state in the same transaction, read by later steps of later runs (also
 * when the producer is skipped, and after a SIGKILL), replaced by a re-run, every character kept,
 * bounded by {@link JdbcStateKeeper#MAX_OUTPUT_CHARS}.
 */
class JdbcOutputsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private JdbcStateKeeper keeper(DataSource ds, String execution, String owner) {
    return JdbcStateKeeper.builder(ds, execution).owner(owner).clock(clock).renewEvery(Duration.ZERO).build();
  }

  private JdbcStateKeeper keeper(StepsDatabase db, String execution, String owner) {
    return JdbcStateKeeper.builder(db, execution).owner(owner).clock(clock).renewEvery(Duration.ZERO).build();
  }

  private static SimpleStep charge(String paymentId) {
    return SimpleStep.named("charge").state("Charged").outputs("paymentId", "amount").run(ctx -> {
      ctx.saveOutput("paymentId", paymentId);
      ctx.saveOutput("amount", "42.00");
    }).build();
  }

  private static SimpleStep reader(String name, AtomicReference<String> seen) {
    return SimpleStep.named(name).state(name + "Done")
        .run(ctx -> seen.set(ctx.output("Charged", "paymentId").orElse("(none)"))).build();
  }

  @ParameterizedTest(name = "R18 {0}: a skipped producer still provides its outputs to a later run on another worker")
  @EnumSource(Databases.class)
  void R18_skippedProducerStillProvidesOutputs(Databases database) {
    StepsDatabase db = database.freshSteps();
    AtomicReference<String> shipped = new AtomicReference<>();
    StepsEngine.builder().stateKeeper(keeper(db, "order-1", "worker-1")).clock(clock)
        .steps(charge("pay-1"), reader("ship", shipped)).build().run();
    assertThat(shipped).hasValue("pay-1");

    AtomicReference<String> refunded = new AtomicReference<>();
    RunReport second = StepsEngine.builder().stateKeeper(keeper(db, "order-1", "worker-2")).clock(clock)
        .steps(charge("pay-NEW"), reader("ship", shipped), reader("refund", refunded)).build().run();

    assertThat(refunded).as("the output of the skipped charge").hasValue("pay-1");
    assertThat(second.outcome("charge")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    StepState charged = db.execution("order-1").orElseThrow().state("Charged").orElseThrow();
    assertThat(charged.outputs()).isEqualTo(Map.of("amount", "42.00", "paymentId", "pay-1"));
    assertThat(Histories.count(db.history("order-1"), "Charged", StepStatus.SUCCEEDED))
        .as("charge ran once").isEqualTo(1);
  }

  @ParameterizedTest(name = "R18 {0}: the outputs are written in the SUCCEEDED state's transaction: a failed commit stores neither")
  @EnumSource(Databases.class)
  void R18_outputsInTheSameTransactionAsTheSucceededState(Databases database) throws Exception {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    JdbcStateKeeper keeper = keeper(ds, "order-2", "worker-1");
    List<String> statementsOfTheWrite = new ArrayList<>();
    ds.fault(sql -> {
      statementsOfTheWrite.add(sql);
      if (sql.equals("COMMIT") && statementsOfTheWrite.stream().anyMatch(s -> s.contains("outputs"))) {
        throw new SQLException("connection reset at commit (test)", "08006");
      }
    });
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(charge("pay-2")).build();

    assertThat(catchThrowable(engine::run)).isInstanceOf(StateKeeperException.class);
    ds.heal();

    StepState stored = keeper.getStepState("Charged");
    assertThat(stored.status()).isNotEqualTo(StepStatus.SUCCEEDED);
    assertThat(stored.outputs()).isEmpty();
    assertThat(rawOutputs(ds, "order-2", "Charged")).isNull();
  }

  @ParameterizedTest(name = "R18 {0}: a re-run of the producer replaces its outputs")
  @EnumSource(Databases.class)
  void R18_reRunReplacesOutputs(Databases database) {
    StepsDatabase db = database.freshSteps();
    JdbcStateKeeper first = keeper(db, "order-3", "worker-1");
    StepsEngine.builder().stateKeeper(first).clock(clock).steps(charge("pay-old")).build().run();
    first.setStepState(StepState.pending("Charged")); // as a reset does

    AtomicReference<String> shipped = new AtomicReference<>();
    StepsEngine.builder().stateKeeper(keeper(db, "order-3", "worker-1")).clock(clock)
        .steps(charge("pay-new"), reader("ship", shipped)).build().run();

    assertThat(shipped).hasValue("pay-new");
    assertThat(db.execution("order-3").orElseThrow().state("Charged").orElseThrow().outputs())
        .containsEntry("paymentId", "pay-new");
  }

  @ParameterizedTest(name = "R18 {0}: every character of names and values survives (NUL, quotes, backslashes, control, surrogates), the same on both")
  @EnumSource(Databases.class)
  void R18_everyCharacterSurvives(Databases database) throws Exception {
    DataSource ds = database.fresh();
    JdbcStateKeeper keeper = keeper(ds, "order-4", "worker-1");
    Map<String, String> outputs = Map.of(
        "nul", "a\u0000b",
        "quote\"key\\", "\"quoted\" \\back\\slash/ \n\t\r\b\f \u007f \u001f",
        "surrogates", "lone \uD800 and \uDC00, pair \uD83D\uDE00",
        "empty", "",
        "unicode", "Zürich 東京 ✓");

    keeper.setStepState(new StepState("Charged", StepStatus.SUCCEEDED, "Success", "", clock.instant(), outputs, false));

    assertThat(keeper(ds, "order-4", "worker-2").getStepState("Charged").outputs()).isEqualTo(outputs);
    assertThat(rawOutputs(ds, "order-4", "Charged")).doesNotContain("\u0000").contains("\\u0000").contains("\\ud800");
  }

  @ParameterizedTest(name = "R18 {0}: maxOutputChars is 65536; more is refused with a clear message before any SQL runs, and fails the step")
  @EnumSource(Databases.class)
  void R18_sizeLimitCheckedBeforeSql(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    JdbcStateKeeper keeper = keeper(ds, "order-5", "worker-1");
    assertThat(keeper.maxOutputChars()).isEqualTo(JdbcStateKeeper.MAX_OUTPUT_CHARS).isEqualTo(65_536);
    int before = ds.connections.get();
    String big = "x".repeat(JdbcStateKeeper.MAX_OUTPUT_CHARS - "k".length() + 1);

    assertThatThrownBy(() -> keeper.setStepState(new StepState("Charged", StepStatus.SUCCEEDED, "", "",
        clock.instant(), Map.of("k", big), false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("65537 characters").hasMessageContaining("at most 65536").hasMessageContaining("R18");
    assertThat(ds.connections.get()).as("no connection borrowed").isEqualTo(before);

    // exactly at the limit is stored
    String fits = big.substring(1);
    keeper.setStepState(new StepState("Charged", StepStatus.SUCCEEDED, "", "", clock.instant(), Map.of("k", fits),
        false));
    assertThat(keeper.getStepState("Charged").outputs().get("k")).hasSize(fits.length());

    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("big").state("Big").outputs("k").run(ctx -> ctx.saveOutput("k", big)).build()).build();
    Throwable failure = catchThrowable(engine::run);
    assertThat(failure).isInstanceOf(StepFailedException.class);
    assertThat(failure).rootCause().hasMessageContaining("at most 65536");
    assertThat(keeper.getStepState("Big").status()).isEqualTo(StepStatus.FAILED);
  }

  @ParameterizedTest(name = "R18 {0}: outputs survive SIGKILL between the producing step and the next; the restarted worker reads them")
  @EnumSource(Databases.class)
  void R18_outputsSurviveSigkillBeforeTheNextStep(Databases database) throws Exception {
    DriverManagerDataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.open(ds);
    String saved = killAfterSave(ds, database, "kill-before-ship", true); // Charged is committed, ship has not run
    assertThat(db.execution("kill-before-ship").orElseThrow().state("Charged").orElseThrow().outputs())
        .containsEntry("paymentId", saved);

    List<String> restart = runToTheEnd(ds, database, "kill-before-ship", "worker-2");

    assertThat(restart).as("charge is skipped").noneMatch(l -> l.startsWith("M saved"));
    assertThat(restart).contains("SHIPPED " + saved);
  }

  @ParameterizedTest(name = "R18 {0}: SIGKILL after the action saved an output but before its state was written: the re-run's output is the one read")
  @EnumSource(Databases.class)
  void R18_sigkillBeforeTheSucceededWriteRunsTheProducerAgain(Databases database) throws Exception {
    DriverManagerDataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.open(ds);
    String lost = killAfterSave(ds, database, "kill-in-charge", false); // its SUCCEEDED write never happened
    assertThat(db.execution("kill-in-charge").orElseThrow().state("Charged").orElseThrow().outputs()).isEmpty();

    List<String> restart = runToTheEnd(ds, database, "kill-in-charge", "worker-1");

    String again = restart.stream().filter(l -> l.startsWith("M saved ")).findFirst().orElseThrow()
        .substring("M saved ".length());
    assertThat(again).isNotEqualTo(lost);
    assertThat(restart).contains("SHIPPED " + again);
    assertThat(db.execution("kill-in-charge").orElseThrow().state("Charged").orElseThrow().outputs())
        .containsEntry("paymentId", again);
  }

  @Test
  @DisplayName("R18 the outputs column holds a JSON object of strings; anything else is refused with a clear message")
  void R18_storedFormIsJson() {
    assertThat(Outputs.encode("S", Map.of("b", "2", "a", "x\"y"))).isEqualTo("{\"a\":\"x\\\"y\",\"b\":\"2\"}");
    assertThat(Outputs.encode("S", Map.of())).isNull();
    assertThat(Outputs.decode(" { \"a\" : \"\\u00e9\\n\" } ")).isEqualTo(Map.of("a", "é\n"));
    assertThat(Outputs.decode("{}")).isEmpty();
    assertThatThrownBy(() -> Outputs.decode("{\"a\":1}")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a JSON object of strings");
    assertThatThrownBy(() -> Outputs.decode("{\"a\":\"1\"")).isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Starts worker-1 in mode {@code outputs} and kills it with SIGKILL right after its charge action
   * saved the payment id, or ({@code atShip}) when the ship step begins; returns the saved id.
   */
  private static String killAfterSave(DriverManagerDataSource ds, Databases database, String execution,
      boolean atShip) throws Exception {
    try (ChildJvm child = ChildJvm.start(WorkerProcess.class, "outputs", ds.url(), database.user(), execution,
        "worker-1", "0")) {
      child.go();
      String line = child.nextLine();
      assertThat(line).as("stderr: %s", child.stderr()).startsWith("M saved pay-");
      if (atShip) {
        child.go();
        assertThat(child.nextLine()).as("stderr: %s", child.stderr()).isEqualTo("M before ship");
      }
      child.kill();
      return line.substring("M saved ".length());
    }
  }

  private static List<String> runToTheEnd(DriverManagerDataSource ds, Databases database, String execution,
      String owner) throws Exception {
    List<String> lines = new ArrayList<>();
    long offset = WorkerProcess.LEASE.toMillis() + 1000; // past any lease the killed worker left
    try (ChildJvm child = ChildJvm.start(WorkerProcess.class, "outputs", ds.url(), database.user(), execution, owner,
        Long.toString(offset))) {
      child.go();
      for (String line; (line = child.nextLine()) != null && !line.equals("DONE"); ) {
        lines.add(line);
        if (line.startsWith("M ")) {
          child.go();
        }
      }
      assertThat(child.waitFor()).as("restarted worker; stderr: %s", child.stderr()).isZero();
    }
    return lines;
  }

  private static String rawOutputs(DataSource ds, String execution, String state) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT outputs FROM steps_state WHERE execution_id = '" + execution
            + "' AND state_name = '" + state + "'")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
