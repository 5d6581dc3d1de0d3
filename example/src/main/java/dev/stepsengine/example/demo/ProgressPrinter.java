package dev.stepsengine.example.demo;

import dev.stepsengine.ParallelStepsException;
import dev.stepsengine.RunReport;
import dev.stepsengine.StepListener;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import dev.stepsengine.StepState;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Shows a run as it goes: one line per step when the engine reports its outcome (a
 * {@link StepListener}, called from the parallel group's threads too), the notes the steps make,
 * and at the end a summary table of the run report next to the states stored in the database.
 */
final class ProgressPrinter implements StepListener {
  private static final int MAX_MESSAGE = 70;
  private final PrintStream out;
  private final Map<String, List<String>> notes = new ConcurrentHashMap<>();

  private final Set<String> longSteps;

  /**
   * Creates a printer.
   *
   * @param longSteps the steps that take a while: a line is printed when one starts, too
   */
  ProgressPrinter(PrintStream out, Set<String> longSteps) {
    this.out = out;
    this.longSteps = Set.copyOf(longSteps);
  }

  /** Prints a line when a step that takes a while starts, so a long wait does not look stuck. */
  @Override
  public void stepStarted(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (longSteps.contains(name)) {
      synchronized (out) {
        out.println("  [....] " + TextTable.pad(path, 24) + "started (can take a while)");
      }
    }
  }

  @Override
  public void stepFinished(StepReport report) {
    String path = report.path();
    // a parallel group's failure repeats its children's, which have their own lines
    String error = report.error().filter(e -> !(e instanceof ParallelStepsException))
        .map(e -> firstLine(e.getMessage())).orElse("");
    String line = "  [" + marker(report.outcome()) + "] " + TextTable.pad(path, 24)
        + TextTable.pad(report.outcome().name(), 27) + millis(report.duration());
    List<String> stepNotes = notes.remove(report.name());
    synchronized (out) {
      if (error.isEmpty()) {
        out.println(line.stripTrailing());
      } else if (line.length() + 2 + error.length() <= TextTable.WIDTH) {
        out.println(line + "  " + error);
      } else { // the message on a line of its own, so the output fits 80 columns
        out.println(line.stripTrailing());
        out.println("         " + error);
      }
      if (stepNotes != null) {
        stepNotes.forEach(note -> out.println("         " + note));
      }
    }
  }

  /** Keeps a note of step {@code step}, such as its onFail callback, to print under its progress line. */
  void note(String step, String text) {
    notes.computeIfAbsent(step, s -> new CopyOnWriteArrayList<>()).add(text);
  }

  /** Prints every step of {@code report} with the state that {@code stored} reads back for it. */
  void summary(RunReport report, Function<String, StepState> stored) {
    // the state names are in './demo status'; a stored state that does not fit goes under its row
    TextTable table = new TextTable("step", "outcome", "tries", "duration", "stored state");
    for (Map.Entry<String, StepReport> e : report.byPath().entrySet()) {
      StepReport step = e.getValue();
      int depth = (int) e.getKey().chars().filter(c -> c == '/').count();
      String storedState = step.stateName().map(stored).map(ProgressPrinter::describe).orElse("-");
      table.row("  ".repeat(depth) + step.name(), step.outcome().name(),
          String.valueOf(step.attempts()), millis(step.duration()), storedState);
    }
    out.println();
    out.println("Summary (" + millis(report.duration()) + "):");
    table.print(out, "  ");
  }

  static String describe(StepState state) {
    return state.status() + (state.reason().isEmpty() ? "" : " (" + state.reason() + ")");
  }

  static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }

  static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE - 3) + "...";
  }

  private static String marker(StepOutcome outcome) {
    return switch (outcome) {
      case SUCCEEDED -> " ok ";
      case SKIPPED_ALREADY_SUCCEEDED, SKIPPED_PREDICATE, THROTTLED -> "skip";
      case FAILED, FAILED_CONTINUED -> "FAIL";
      case WAITING, HELD_ELSEWHERE -> "wait";
      case EXPECTED_ERROR -> "note";
      case ABORTED_BY_PREDICATE, CANCELLED, NOT_REACHED -> "stop";
    };
  }
}
