package dev.stepsengine.example.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.example.demo.DemoHarness.Result;
import dev.stepsengine.jdbc.DriverManagerDataSource;
import dev.stepsengine.jdbc.ExecutionStatus;
import dev.stepsengine.jdbc.StepTransition;
import dev.stepsengine.jdbc.StepsDatabase;
import dev.stepsengine.testing.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The demo end to end, in-process, on a SQLite file in a temporary folder: what a newcomer sees
 * on the terminal and what the database keeps. Steps do no simulated work and the engine runs on
 * a {@link ManualClock}, so retries cost no real time.
 */
class ProvisionDemoTest {
  @TempDir
  Path dir;
  Path db;
  ManualClock clock;

  /** What one command printed and returned. */
  @BeforeEach
  void setUp() {
    db = dir.resolve("steps-demo.db");
    clock = new ManualClock(Instant.parse("2026-01-02T03:04:05Z"));
  }

  private Result demo(String... args) {
    return DemoHarness.execute(clock, args);
  }

  private Result run(String... more) {
    List<String> args = new ArrayList<>(List.of("run", "--db", db.toString()));
    args.addAll(List.of(more));
    return demo(args.toArray(String[]::new));
  }

  private ExecutionStatus stored(String executionId) {
    return StepsDatabase.open(DriverManagerDataSource.sqlite(db)).execution(executionId).orElseThrow();
  }

  private StepState state(String stateName) {
    return stored("orders-api").state(stateName).orElseThrow();
  }

  @Test
  @DisplayName("R7d: run --fail shows the failure and onFail, records FAILED, stops the run and exits 1")
  void failingStepIsShownAndRecorded() {
    Result first = run("--fail", "deployWorker");

    assertThat(first.exit()).isEqualTo(1);
    assertThat(first.out())
        .contains("[FAIL] deploy/deployWorker", "deployWorker broke (--fail deployWorker)")
        .contains("onFail: paging the owners of orders-api about deployWorker")
        .containsPattern("waitForReady +NOT_REACHED +0 ")
        .contains("The run stopped: deploy/deployWorker failed and its state is FAILED in");
    StepState failed = state("WorkerDeployed");
    assertThat(failed.status()).isEqualTo(StepStatus.FAILED);
    assertThat(failed.reason()).isEqualTo(StepState.REASON_ERROR);
    assertThat(failed.message()).isEqualTo("deployWorker broke (--fail deployWorker)");
    assertThat(stored("orders-api").state("Ready")).isEmpty();
  }

  @Test
  @DisplayName("R10: the failing step's parallel siblings still run and succeed")
  void parallelSiblingsOfTheFailingStepSucceed() {
    Result first = run("--fail", "deployWorker");

    assertThat(first.out()).contains("[ ok ] deploy/deployApi", "[ ok ] deploy/deployScheduler");
    assertThat(state("ApiDeployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(state("SchedulerDeployed").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("R2: the second run skips the steps that succeeded, resumes the failed one and completes with exit 0")
  void secondRunResumes() {
    run("--fail", "deployWorker");

    Result second = run();

    assertThat(second.exit()).isEqualTo(0);
    assertThat(second.out())
        .contains("[skip] validateConfig", "[skip] createSchema", "[skip] deploy/deployApi",
            "[skip] deploy/deployScheduler")
        .contains("[ ok ] deploy/deployWorker", "[ ok ] waitForReady", "[ ok ] notifyOwners")
        .containsPattern("validateConfig +SKIPPED_ALREADY_SUCCEEDED +0 ")
        .contains("orders-api is provisioned.");
    assertThat(stored("orders-api").states()).hasSize(7).allMatch(StepState::isSucceeded);
  }

  @Test
  @DisplayName("R6: waitForReady succeeds on its second attempt; the 20 ms backoff is slept on the engine clock")
  void readinessIsRetried() {
    Result result = run();

    assertThat(result.out()).containsPattern("waitForReady +SUCCEEDED +2 ");
    assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(20));
  }

  @Test
  @DisplayName("R7d continueOnError: a failing notifyOwners does not stop the run; the run succeeded, so exit code 0, and the output says so")
  void continuedFailureCompletesTheRun() {
    Result result = run("--fail", "notifyOwners");

    assertThat(result.exit()).isEqualTo(0);
    assertThat(result.out())
        .contains("[FAIL] notifyOwners", "FAILED_CONTINUED")
        .contains("orders-api is provisioned, but notifyOwners failed\n(continueOnError: the run went on and succeeded, exit code 0).");
    assertThat(state("Ready").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(state("OwnersNotified").status()).isEqualTo(StepStatus.FAILED);
  }

  @Test
  @DisplayName("J6: status lists the stored states with the transitions of both runs")
  void statusShowsBothRuns() {
    run("--fail", "deployWorker");
    run();

    Result status = demo("status", "--db", db.toString());

    assertThat(status.exit()).isEqualTo(0);
    assertThat(status.out())
        .contains("1 execution in " + db, "Execution orders-api\n  created 2026-01-02T03:04:05Z")
        .containsPattern("ConfigValid +SUCCEEDED +Validated +2026-01-02T03:04:05Z\n +message: Configuration is valid"
            + "\n +transitions: RUNNING > SUCCEEDED\n")
        .containsPattern("WorkerDeployed +SUCCEEDED .*\n.*\n +transitions: RUNNING > FAILED > RUNNING > SUCCEEDED");
    List<StepTransition> history = StepsDatabase.open(DriverManagerDataSource.sqlite(db)).history("orders-api");
    assertThat(history).filteredOn(t -> t.stateName().equals("WorkerDeployed")).extracting(StepTransition::to)
        .containsExactly(StepStatus.RUNNING, StepStatus.FAILED, StepStatus.RUNNING, StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("status lists every execution; --service keeps a second one apart")
  void statusListsEveryExecution() {
    run("--fail", "createSchema");
    run("--service", "billing-api");

    Result status = demo("status", "--db", db.toString());

    assertThat(status.out()).contains("2 executions in", "Execution orders-api", "Execution billing-api")
        .containsPattern("SchemaCreated +FAILED +Error +\\S+\n +message: createSchema broke");
    assertThat(stored("billing-api").states()).allMatch(StepState::isSucceeded);
  }

  @Test
  @DisplayName("status without a database says so and creates no file")
  void statusWithoutDatabase() {
    Result status = demo("status", "--db", db.toString());

    assertThat(status.exit()).isEqualTo(0);
    assertThat(status.out()).contains("No database at " + db + " yet");
    assertThat(db).doesNotExist();
  }

  @Test
  @DisplayName("diagram prints the Mermaid diagram the processor generated for ProvisionService")
  void diagramPrintsMermaid() {
    Result diagram = demo("diagram");

    assertThat(diagram.exit()).isEqualTo(0);
    assertThat(diagram.out())
        .startsWith("%% Steps of dev.stepsengine.example.demo.ProvisionService")
        .contains("flowchart TD", "subgraph", "parallel: deploy", "deployWorker<br/>state: WorkerDeployed");
  }

  @Test
  @DisplayName("reset deletes the database, so the next run starts from scratch")
  void resetStartsOver() {
    run();

    Result reset = demo("reset", "--db", db.toString());
    Result again = run();

    assertThat(reset.exit()).isEqualTo(0);
    assertThat(reset.out()).contains("Deleted " + db);
    assertThat(again.out()).contains("[ ok ] validateConfig").doesNotContain("[skip]");
    assertThat(demo("reset", "--db", dir.resolve("none.db").toString()).out()).contains("Nothing to reset");
  }

  @Test
  @DisplayName("reset refuses to delete a directory named by --db")
  void resetKeepsDirectories() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.db"));

    Result reset = demo("reset", "--db", folder.toString());

    assertThat(reset.exit()).isEqualTo(1);
    assertThat(reset.err()).contains("is a directory, not a database file");
    assertThat(folder).isDirectory();
  }

  @Test
  @DisplayName("a database that cannot be opened is one clear message on stderr and exit code 1")
  void unusableDatabase() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.db"));

    Result result = demo("run", "--db", folder.toString());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("demo: ").contains("steps database").hasLineCount(1);
  }

  @Test
  @DisplayName("--db in a directory that does not exist says so, before anything runs: exit code 2")
  void missingDatabaseDirectory() {
    Path missing = dir.resolve("missing-folder");

    Result result = demo("run", "--db", missing.resolve("steps.db").toString());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("demo: --db: the directory " + missing.toAbsolutePath() + " does not exist");
    assertThat(result.out()).isEmpty();
  }

  @Test
  @DisplayName("a long step prints a line when it starts, before its result line")
  void longStepsAnnounceTheirStart() {
    String out = run().out();

    assertThat(out).contains("[....] waitForReady", "[....] deploy ");
    assertThat(out.indexOf("[....] waitForReady")).isLessThan(out.indexOf("[ ok ] waitForReady"));
    assertThat(out).doesNotContain("[....] validateConfig");
  }

  @Test
  @DisplayName("run and status output fit 80 columns, also with a failure message and a resumed run")
  void outputFits80Columns() {
    List<String> lines = new ArrayList<>();
    lines.addAll(run("--fail", "deployWorker").out().lines().toList());
    lines.addAll(run().out().lines().toList());
    lines.addAll(demo("status", "--db", db.toString()).out().lines().toList());
    lines.replaceAll(line -> line.replace(db.toString(), "steps-demo.db")); // the default name, not the temporary path

    assertThat(lines).hasSizeGreaterThan(30).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
  }

  @Test
  @DisplayName("help prints the usage line and every command on stdout, exit 0")
  void help() {
    Result help = demo("help");

    assertThat(help.exit()).isEqualTo(0);
    assertThat(help.out()).startsWith(DemoArguments.USAGE).contains("run", "status", "diagram", "reset", "--fail STEP");
    assertThat(demo().out()).isEqualTo(help.out());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "deploy                   | unknown command 'deploy'",
      "run --force              | unknown option '--force'",
      "run --fail               | option --fail needs a value",
      "run --fail nope          | --fail: no step named 'nope' (steps: validateConfig, createSchema, deployApi",
      "run --fail deployWorkr   | --fail: no step named 'deployWorkr'; did you mean 'deployWorker'? (steps: validateConfig",
      "run --fail DEPLOYAPI     | --fail: no step named 'DEPLOYAPI'; did you mean 'deployApi'?",
      "status --fail createSchema | --fail works only with 'run', not with 'status'",
      "run status               | unexpected argument 'status' after command 'run'",
      "run --db a.db --db b.db  | option --db is given twice",
      "run --service no/slash   | --service: 'no/slash' is not a service name",
  })
  @DisplayName("bad arguments: a message and the usage line on stderr, nothing on stdout, exit code 2")
  void badArguments(String args, String message) {
    Result result = demo(args.split(" "));

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("demo: " + message).endsWith(DemoArguments.USAGE + System.lineSeparator());
    assertThat(result.out()).isEmpty();
  }
}
