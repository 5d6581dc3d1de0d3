package dev.stepsengine.example.demo;

import dev.stepsengine.ParallelSteps;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.jdbc.DriverManagerDataSource;
import dev.stepsengine.jdbc.ExecutionStatus;
import dev.stepsengine.jdbc.StepTransition;
import dev.stepsengine.jdbc.StepsDatabase;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The demo's administration commands (SEMANTICS J7), on the database keeper's
 * {@link StepsDatabase} API:
 *
 * <pre>
 * ./demo reset --step deployWorker   reset one step (by step or state name): the next run runs it again
 * ./demo reset --all                 reset every step of the execution (history kept)
 * ./demo delete                      delete the execution: states, history, throttle times
 * ./demo executions                  list the executions
 * ./demo history [--step STEP]       the transitions of the execution, oldest first
 * </pre>
 *
 * <p>Each takes {@code --db FILE} and {@code --service NAME} like the other commands, and
 * {@code --force} to reset or delete a step whose lease is live. Exit codes: 0 done, 1 the
 * database refused, 2 bad arguments. A plain {@code reset} (no {@code --step} or {@code --all})
 * stays the demo's "delete the database file".
 */
final class AdminCommands {
  /** Who the history names as the author of a reset. */
  static final String AUTHOR = "demo-cli";
  static final String USAGE = "usage: ./demo [reset --step STEP | reset --all | delete | executions | history"
      + " [--step STEP]] [--force] [--db FILE] [--service NAME]";
  /** The lines {@code ./demo help} prints for these commands. */
  static final String HELP = String.join(System.lineSeparator(),
      "  reset --step STEP  reset one step's state (step or state name): the next run runs it again",
      "  reset --all     reset every step of the execution; the history is kept",
      "  delete          delete the execution: its states, history and throttle times",
      "  executions      list the executions in the database",
      "  history [--step STEP]  the execution's transitions (who, when, from > to, attempt)",
      "  --force         reset or delete even a step whose lease is live", "");
  private static final Set<String> COMMANDS = Set.of("executions", "history", "delete");

  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  AdminCommands(PrintStream out, PrintStream err, Clock clock) {
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Returns whether {@code args} name an administration command (so the demo hands them here). */
  static boolean handles(String... args) {
    String command = null;
    boolean stepOrAll = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--step") || a.startsWith("--step=") || a.equals("--all")) {
        stepOrAll = true;
      } else if (a.equals("--db") || a.equals("--service") || a.equals("--fail")) {
        i++;
      } else if (!a.startsWith("-") && command == null) {
        command = a;
      }
    }
    return command != null && (COMMANDS.contains(command) || (command.equals("reset") && stepOrAll));
  }

  /** Runs the command; returns the exit code. */
  int execute(String... args) {
    Map<String, String> options = new LinkedHashMap<>();
    String command = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--all") || a.equals("--force")) {
        options.put(a, "true");
      } else if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        String name = eq < 0 ? a : a.substring(0, eq);
        if (!List.of("--db", "--service", "--step").contains(name)) {
          return usage("unknown option '" + name + "'");
        }
        String value = eq >= 0 ? a.substring(eq + 1) : i + 1 < args.length ? args[++i] : "";
        if (value.isBlank() || options.put(name, value) != null) {
          return usage("option " + name + " needs one value");
        }
      } else if (command == null) {
        command = a;
      } else {
        return usage("unexpected argument '" + a + "'");
      }
    }
    Path dbFile = Path.of(options.getOrDefault("--db", DemoArguments.DEFAULT_DB.toString()));
    String service = options.getOrDefault("--service", DemoArguments.DEFAULT_SERVICE);
    boolean force = options.containsKey("--force");
    String state = null;
    if (options.containsKey("--step")) {
      state = stateOf(options.get("--step"));
      if (state == null) {
        return usage("--step: no step or state named '" + options.get("--step") + "'; steps: "
            + String.join(", ", stepStates().keySet()));
      }
    }
    if (command.equals("reset") && (state == null) == !options.containsKey("--all")) {
      return usage("reset takes either --step STEP or --all");
    }
    if (!Files.exists(dbFile)) {
      out.println("No database at " + dbFile + " yet: './demo run' creates it.");
      return command.equals("executions") || command.equals("history") ? 0 : 1;
    }
    try (StepsDatabase db = StepsDatabase.open(DriverManagerDataSource.sqlite(dbFile)).withClock(clock)) {
      return switch (command) {
        case "reset" -> reset(db, service, state, force);
        case "delete" -> delete(db, service, force);
        case "executions" -> executions(db);
        case "history" -> history(db, service, state);
        default -> usage("unknown command '" + command + "'");
      };
    } catch (StateKeeperException | IllegalStateException | IllegalArgumentException e) {
      err.println("demo: " + e.getMessage());
      return 1;
    }
  }

  private int reset(StepsDatabase db, String service, String state, boolean force) {
    if (state != null) {
      boolean reset = db.resetStep(service, state, AUTHOR, force);
      out.println(reset ? "Reset " + state + " of " + service + ": the next './demo run' runs its step again."
          : "Nothing to reset: " + state + " of " + service + " was never run or is already reset.");
    } else {
      List<String> reset = db.resetExecution(service, AUTHOR, force);
      out.println(reset.isEmpty() ? "Nothing to reset in " + service + "."
          : "Reset " + reset.size() + " states of " + service + " (" + String.join(", ", reset)
              + "); the history is kept.");
    }
    return 0;
  }

  private int delete(StepsDatabase db, String service, boolean force) {
    boolean deleted = db.deleteExecution(service, force);
    out.println(deleted ? "Deleted execution " + service + ": its states, history and throttle times."
        : "No execution " + service + " in the database.");
    return 0;
  }

  private int executions(StepsDatabase db) {
    List<ExecutionStatus> executions = db.executions();
    TextTable table = new TextTable("execution", "states", "succeeded", "created", "updated");
    for (ExecutionStatus e : executions) {
      table.row(e.executionId(), Integer.toString(e.states().size()),
          Long.toString(e.states().stream().filter(s -> s.isSucceeded()).count()), time(e.createdAt()),
          time(e.updatedAt()));
    }
    out.println(executions.size() + (executions.size() == 1 ? " execution:" : " executions:"));
    table.print(out, "  ");
    return 0;
  }

  private int history(StepsDatabase db, String service, String state) {
    TextTable table = new TextTable("at", "state", "from", "to", "attempt", "by", "reason", "message");
    int rows = 0;
    for (StepTransition t : db.history(service)) {
      if (state == null || t.stateName().equals(state)) {
        table.row(time(t.at()), t.stateName(), t.from().name(), t.to().name(), Integer.toString(t.attempt()),
            t.owner(), t.reason(), ProgressPrinter.firstLine(t.message()));
        rows++;
      }
    }
    out.println(rows + " transitions of " + service + (state == null ? "" : " " + state) + ":");
    table.print(out, "  ");
    return 0;
  }

  private int usage(String problem) {
    err.println("demo: " + problem);
    err.println(USAGE);
    return 2;
  }

  /** Returns the state of the step named {@code name}, or {@code name} when it is a state; {@code null} when neither. */
  private static String stateOf(String name) {
    Map<String, String> states = stepStates();
    if (states.containsKey(name)) {
      return states.get(name);
    }
    return states.containsValue(name) ? name : null;
  }

  /** Returns each tracked step's name and its state name, in pipeline order. */
  private static Map<String, String> stepStates() {
    Map<String, String> out = new LinkedHashMap<>();
    ProvisionService probe = new ProvisionService("probe", Set.of(), Duration.ZERO, (step, note) -> { });
    List<PipelineStep> steps = new ArrayList<>(ProvisionServicePipeline.steps(probe));
    for (int i = 0; i < steps.size(); i++) {
      PipelineStep step = steps.get(i);
      if (step instanceof ParallelSteps group) {
        steps.addAll(i + 1, group.steps());
      }
      step.state().ifPresent(s -> out.put(step.name(), s.name()));
    }
    return out;
  }

  private static String time(java.time.Instant instant) {
    return instant == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
