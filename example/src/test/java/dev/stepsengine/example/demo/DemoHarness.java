package dev.stepsengine.example.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** Runs one demo command in-process and captures what it printed. */
final class DemoHarness {
  private DemoHarness() {}

  /** What one command printed and returned. */
  record Result(int exit, String out, String err) {}

  /** Runs {@code args} with steps that do no work, on {@code clock}. */
  static Result execute(Clock clock, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = new ProvisionDemo(o, e, clock, Duration.ZERO).execute(args);
    }
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
