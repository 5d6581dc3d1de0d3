package dev.stepsengine.example.demo;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The demo's command line, parsed and checked.
 *
 * @param command what to do
 * @param db the SQLite file that keeps the states
 * @param service the service to provision; also the execution id in the database
 * @param failStep the step to make fail ({@code run --fail STEP}), if any
 */
record DemoArguments(Command command, Path db, String service, Optional<String> failStep) {

  /** The usage line printed with every argument error and at the top of {@code help}. */
  static final String USAGE =
      "usage: ./demo [run [--fail STEP] | status | diagram | reset | help] [--db FILE] [--service NAME]";
  static final Path DEFAULT_DB = Path.of("steps-demo.db");
  static final String DEFAULT_SERVICE = "orders-api";
  private static final List<String> OPTIONS = List.of("--db", "--service", "--fail");
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** The demo's commands. */
  enum Command {
    RUN, STATUS, DIAGRAM, RESET, HELP;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A command line the demo cannot run; its message says what is wrong. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args}. Options may come before or after the command, as {@code --db FILE} or
   * {@code --db=FILE}; no command means {@code help}.
   *
   * @param steps the steps {@code --fail} may name
   * @throws UsageException when an argument is unknown, missing, repeated or out of place
   */
  static DemoArguments parse(List<String> args, Collection<String> steps) throws UsageException {
    Command command = null;
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h") || arg.equals("--help")) {
        arg = "help";
      }
      if (arg.startsWith("-")) {
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        if (!OPTIONS.contains(name)) {
          throw new UsageException("unknown option '" + name + "' (options: " + String.join(", ", OPTIONS) + ")");
        }
        String value;
        if (eq >= 0) {
          value = arg.substring(eq + 1);
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          value = args.get(++i);
        } else {
          throw new UsageException("option " + name + " needs a value");
        }
        if (value.isBlank()) {
          throw new UsageException("option " + name + " needs a value");
        }
        if (options.put(name, value) != null) {
          throw new UsageException("option " + name + " is given twice");
        }
      } else if (command != null) {
        throw new UsageException("unexpected argument '" + arg + "' after command '" + command.label() + "'");
      } else {
        command = command(arg);
      }
    }
    command = command == null ? Command.HELP : command;

    String fail = options.get("--fail");
    if (fail != null && command != Command.RUN) {
      throw new UsageException("--fail works only with 'run', not with '" + command.label() + "'");
    }
    if (fail != null && !steps.contains(fail)) {
      String closest = closest(fail, steps);
      throw new UsageException("--fail: no step named '" + fail + "'"
          + (closest == null ? "" : "; did you mean '" + closest + "'?") + " (steps: " + String.join(", ", steps) + ")");
    }
    String service = options.getOrDefault("--service", DEFAULT_SERVICE);
    if (!SERVICE_NAME.matcher(service).matches()) {
      throw new UsageException("--service: '" + service
          + "' is not a service name (letters, digits, '.', '_' or '-'; at most 63 characters)");
    }
    Path db = DEFAULT_DB;
    if (options.containsKey("--db")) {
      try {
        db = Path.of(options.get("--db"));
      } catch (InvalidPathException e) {
        throw new UsageException("--db: '" + options.get("--db") + "' is not a file name: " + e.getReason());
      }
    }
    Path dir = db.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      throw new UsageException("--db: the directory " + dir + " does not exist; create it first or choose another file");
    }
    return new DemoArguments(command, db, service, Optional.ofNullable(fail));
  }

  /** Returns the step name nearest to {@code name} (case-insensitive edit distance), or null when none is near. */
  static String closest(String name, Collection<String> steps) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String step : steps) {
      int d = distance(name.toLowerCase(Locale.ROOT), step.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = step;
        bestDistance = d;
      }
    }
    return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Command command(String arg) throws UsageException {
    for (Command c : Command.values()) {
      if (c.label().equals(arg)) {
        return c;
      }
    }
    throw new UsageException("unknown command '" + arg + "' (commands: run, status, diagram, reset, help)");
  }
}
