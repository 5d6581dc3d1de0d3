package dev.stepsengine.example.demo;

import dev.stepsengine.ParallelSteps;
import dev.stepsengine.RunReport;
import dev.stepsengine.RunResult;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.StepsException;
import dev.stepsengine.example.demo.DemoArguments.UsageException;
import dev.stepsengine.jdbc.DriverManagerDataSource;
import dev.stepsengine.jdbc.JdbcStateKeeper;
import dev.stepsengine.jdbc.StepsDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The command-line demo: provisions a service with the annotated {@link ProvisionService}
 * pipeline, keeping each step's state in a SQLite file, so a second run resumes where the first
 * stopped. Commands: {@code run [--fail STEP]}, {@code status}, {@code diagram}, {@code reset},
 * {@code help}; see {@link DemoArguments#USAGE}.
 *
 * <p>Everything but {@link #main} is testable in-process: {@link #execute} writes to the given
 * streams and returns the exit code (0 the run succeeded, also when a continueOnError step failed; 1 the run failed or the database did; 2 bad arguments).
 */
public final class ProvisionDemo {
  /** How long each step pretends to work when run from the command line: enough to see progress. */
  public static final Duration DEFAULT_STEP_WORK = Duration.ofMillis(40);
  static final String DIAGRAM_RESOURCE = "META-INF/steps/" + ProvisionService.class.getName() + ".mmd";

  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;
  private final Duration stepWork;

  /**
   * Creates a demo that writes to {@code out} and {@code err}.
   *
   * @param clock the clock of the engine and the keeper; a {@code ManualClock} makes retries instant
   * @param stepWork how long each step pretends to work ({@link Duration#ZERO} in tests)
   */
  public ProvisionDemo(PrintStream out, PrintStream err, Clock clock, Duration stepWork) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.stepWork = Objects.requireNonNull(stepWork, "stepWork");
  }

  /** Runs the demo with {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(new ProvisionDemo(System.out, System.err, Clock.systemUTC(), DEFAULT_STEP_WORK).execute(args));
  }

  /** Runs the command {@code args} name and returns the exit code: 0 the run succeeded (also with a continueOnError failure), 1 it failed, 2 bad arguments. */
  public int execute(String... args) {
    if (AdminCommands.handles(args)) { // reset --step/--all, delete, executions, history (SEMANTICS J7)
      return new AdminCommands(out, err, clock).execute(args);
    }
    DemoArguments arguments;
    try {
      arguments = DemoArguments.parse(List.of(args), stepNames());
    } catch (UsageException e) {
      err.println("demo: " + e.getMessage());
      err.println(DemoArguments.USAGE);
      return 2;
    }
    try {
      return switch (arguments.command()) {
        case RUN -> run(arguments);
        case STATUS -> new StatusPrinter(out).print(arguments.db(), clock);
        case DIAGRAM -> diagram();
        case RESET -> reset(arguments.db());
        case HELP -> help();
      };
    } catch (StateKeeperException e) {
      String cause = e.getCause() == null ? null : e.getCause().getMessage();
      err.println("demo: " + e.getMessage() + (cause == null || e.getMessage().contains(cause) ? "" : ": " + cause));
      return 1;
    }
  }

  private int run(DemoArguments arguments) {
    Path dbFile = arguments.db();
    String executionId = arguments.service();
    out.println("Provisioning " + executionId + "; step states are kept in " + dbFile);
    out.println("(execution '" + executionId + "')");
    ProgressPrinter progress = new ProgressPrinter(out, ProvisionService.LONG_STEPS);
    ProvisionService target = new ProvisionService(executionId, arguments.failStep().map(Set::of).orElse(Set.of()),
        stepWork, progress::note);

    // snippet:demo-run:start
    RunReport report;
    try (StepsDatabase database = StepsDatabase.open(DriverManagerDataSource.sqlite(dbFile));
        JdbcStateKeeper keeper = JdbcStateKeeper.builder(database, executionId).clock(clock).build()) {
      StepsEngine engine = ProvisionServicePipeline.engine(target) // generated from ProvisionService
          .stateKeeper(keeper)
          .listener(progress) // prints a line as each step finishes
          .clock(clock)
          .build();
      try {
        report = engine.run(); // skips the steps whose stored state is SUCCEEDED
      } catch (StepsException stopped) { // a step failed and the run stopped; the report is attached
        report = stopped.report().orElseThrow(() -> stopped);
      }
      progress.summary(report, keeper::getStepState);
    }
    // snippet:demo-run:end
    return conclude(report, arguments);
  }

  private int conclude(RunReport report, DemoArguments arguments) {
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, StepReport> e : report.byPath().entrySet()) {
      StepOutcome outcome = e.getValue().outcome();
      if ((outcome == StepOutcome.FAILED || outcome == StepOutcome.FAILED_CONTINUED)
          && e.getValue().children().isEmpty()) {
        failed.add(e.getKey());
      }
    }
    String again = "Run './demo run" + options(arguments) + "' again to resume:";
    String skipped = "steps that succeeded are skipped.";
    out.println();
    if (report.result() == RunResult.SUCCEEDED && failed.isEmpty()) {
      out.println(arguments.service() + " is provisioned.");
      out.println("'./demo status' shows the stored states and their history.");
      return 0;
    }
    if (report.result() == RunResult.SUCCEEDED) {
      out.println(arguments.service() + " is provisioned, but " + String.join(", ", failed) + " failed");
      out.println("(continueOnError: the run went on and succeeded, exit code 0).");
      out.println(again + " " + skipped);
      return 0;
    }
    if (!failed.isEmpty()) {
      out.println("The run stopped: " + String.join(", ", failed) + " failed and its state is FAILED in");
      out.println(arguments.db() + ". " + again);
    } else {
      out.println("The run ended " + report.result() + ": "
          + report.error().map(e -> ProgressPrinter.firstLine(e.getMessage())).orElse("") + ".");
      out.println(again);
    }
    out.println(skipped);
    return 1;
  }

  private static String options(DemoArguments arguments) {
    return (arguments.db().equals(DemoArguments.DEFAULT_DB) ? "" : " --db " + arguments.db())
        + (arguments.service().equals(DemoArguments.DEFAULT_SERVICE) ? "" : " --service " + arguments.service());
  }

  private int diagram() {
    try (InputStream in = ProvisionDemo.class.getClassLoader().getResourceAsStream(DIAGRAM_RESOURCE)) {
      if (in == null) {
        err.println("demo: the generated diagram " + DIAGRAM_RESOURCE + " is not on the class path");
        return 1;
      }
      out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int reset(Path dbFile) {
    if (Files.isDirectory(dbFile)) {
      err.println("demo: " + dbFile + " is a directory, not a database file; nothing deleted");
      return 1;
    }
    List<Path> deleted = new ArrayList<>();
    try {
      for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
        Path file = dbFile.resolveSibling(dbFile.getFileName() + suffix);
        if (Files.deleteIfExists(file)) {
          deleted.add(file);
        }
      }
    } catch (IOException e) {
      err.println("demo: cannot delete " + dbFile + ": " + e.getMessage());
      return 1;
    }
    out.println(deleted.isEmpty() ? "Nothing to reset: " + dbFile + " does not exist."
        : "Deleted " + dbFile + ": every execution starts from scratch.");
    return 0;
  }

  private int help() {
    out.println(DemoArguments.USAGE);
    out.println();
    out.println("Provisions a service with an annotated Steps Engine pipeline; each step's state is kept in SQLite.");
    out.println();
    out.println("  run             run the pipeline; steps that already succeeded are skipped");
    out.println("    --fail STEP   make STEP fail, to see the failure state and onFail; steps: "
        + String.join(", ", stepNames()));
    out.println("  status          the stored states of every execution, with their transitions");
    out.println("  diagram         the pipeline's Mermaid diagram, generated at compile time");
    out.println("  reset           delete the database file");
    out.print(AdminCommands.HELP); // reset --step/--all, delete, executions, history (SEMANTICS J7)
    out.println("  help            this text");
    out.println("  --db FILE       the SQLite file (default " + DemoArguments.DEFAULT_DB + ")");
    out.println("  --service NAME  the service to provision, also the execution id (default "
        + DemoArguments.DEFAULT_SERVICE + ")");
    return 0;
  }

  /** Returns the names of the pipeline's steps that run code ({@code --fail} candidates), in order. */
  static List<String> stepNames() {
    List<String> names = new ArrayList<>();
    ProvisionService probe = new ProvisionService("probe", Set.of(), Duration.ZERO, (step, note) -> { });
    for (PipelineStep step : ProvisionServicePipeline.steps(probe)) {
      if (step instanceof ParallelSteps group) {
        group.steps().forEach(child -> names.add(child.name()));
      } else {
        names.add(step.name());
      }
    }
    return names;
  }
}
