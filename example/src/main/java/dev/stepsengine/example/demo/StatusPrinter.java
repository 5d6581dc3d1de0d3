package dev.stepsengine.example.demo;

import dev.stepsengine.StepState;
import dev.stepsengine.jdbc.DriverManagerDataSource;
import dev.stepsengine.jdbc.ExecutionStatus;
import dev.stepsengine.jdbc.StepTransition;
import dev.stepsengine.jdbc.StepsDatabase;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's {@code status} command: every execution in the database with its stored step states
 * and, per state, the statuses it went through (the database keeps each transition).
 */
final class StatusPrinter {
  private static final Comparator<StepState> PIPELINE_ORDER = Comparator
      .comparingInt((StepState s) -> {
        int i = ProvisionServicePipeline.STATE_NAMES.indexOf(s.name());
        return i < 0 ? Integer.MAX_VALUE : i;
      })
      .thenComparing(StepState::name);

  private final PrintStream out;

  StatusPrinter(PrintStream out) {
    this.out = out;
  }

  /** Prints the executions in {@code dbFile}, which is not created when missing; returns exit code 0. */
  int print(Path dbFile, Clock clock) {
    if (!Files.exists(dbFile)) {
      out.println("No database at " + dbFile + " yet: './demo run' creates it.");
      return 0;
    }
    try (StepsDatabase database = StepsDatabase.open(DriverManagerDataSource.sqlite(dbFile)).withClock(clock)) {
      List<ExecutionStatus> executions = database.executions();
      out.println(executions.size() + (executions.size() == 1 ? " execution" : " executions") + " in " + dbFile
          + (executions.isEmpty() ? "." : ":"));
      for (ExecutionStatus execution : executions) {
        Map<String, List<String>> transitions = new LinkedHashMap<>();
        for (StepTransition t : database.history(execution.executionId())) {
          transitions.computeIfAbsent(t.stateName(), k -> new ArrayList<>()).add(t.to().name());
        }
        // the columns past "updated" go under each row, so the table fits 80 columns
        TextTable table = new TextTable("state", "status", "reason", "updated", "message", "transitions");
        execution.states().stream().sorted(PIPELINE_ORDER).forEach(s -> table.row(s.name(), s.status().name(),
            s.reason(), time(s.updatedAt()), ProgressPrinter.firstLine(s.message()),
            String.join(" > ", transitions.getOrDefault(s.name(), List.of()))));
        out.println();
        out.println("Execution " + execution.executionId());
        out.println("  created " + time(execution.createdAt()) + ", updated " + time(execution.updatedAt()));
        table.print(out, "  ");
      }
    }
    return 0;
  }

  private static String time(Instant instant) {
    return instant == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
