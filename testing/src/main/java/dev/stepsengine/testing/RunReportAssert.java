package dev.stepsengine.testing;

import dev.stepsengine.RunReport;
import dev.stepsengine.RunResult;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions over a {@link RunReport}: the run's result, and each step's outcome and
 * attempts by path ({@code name}, or {@code group/child} for nested steps). Failure messages list
 * every step with its outcome, so a failing test shows what the run did.
 */
public final class RunReportAssert extends AbstractAssert<RunReportAssert, RunReport> {

  /**
   * Creates assertions over {@code actual}; prefer {@link StepsAssertions#assertThat(RunReport)}.
   *
   * @param actual the report under test
   */
  public RunReportAssert(RunReport actual) {
    super(actual, RunReportAssert.class);
  }

  /**
   * Verifies that the run ended with {@code expected}.
   *
   * @param expected the expected result
   * @return this assertion object
   */
  public RunReportAssert hasResult(RunResult expected) {
    isNotNull();
    if (actual.result() != expected) {
      failWithMessage("expected the run to end %s but it ended %s%s", expected, actual.result(), describe());
    }
    return this;
  }

  /**
   * Verifies that the run succeeded ({@link RunResult#SUCCEEDED}).
   *
   * @return this assertion object
   */
  public RunReportAssert succeeded() {
    return hasResult(RunResult.SUCCEEDED);
  }

  /**
   * Verifies that the run failed ({@link RunResult#FAILED}).
   *
   * @return this assertion object
   */
  public RunReportAssert failed() {
    return hasResult(RunResult.FAILED);
  }

  /**
   * Verifies the outcome of the step at {@code path}.
   *
   * @param path the step's path ({@code name} or {@code group/child})
   * @param expected the expected outcome
   * @return this assertion object
   */
  public RunReportAssert hasOutcome(String path, StepOutcome expected) {
    StepReport step = stepAt(path);
    if (step.outcome() != expected) {
      failWithMessage("expected step '%s' to be %s but it was %s%s", path, expected, step.outcome(), describe());
    }
    return this;
  }

  /**
   * Verifies how many attempts the step at {@code path} made in this run.
   *
   * @param path the step's path ({@code name} or {@code group/child})
   * @param expected the expected number of attempts (0 for a step that did not run)
   * @return this assertion object
   */
  public RunReportAssert hasAttempts(String path, int expected) {
    StepReport step = stepAt(path);
    if (step.attempts() != expected) {
      failWithMessage("expected step '%s' to make %s attempt(s) but it made %s%s",
          path, expected, step.attempts(), describe());
    }
    return this;
  }

  /**
   * Verifies that exactly these steps ran in this run (their outcome says their body was invoked),
   * in this order, depth first.
   *
   * @param paths the paths of the steps expected to run
   * @return this assertion object
   */
  public RunReportAssert ranExactly(String... paths) {
    isNotNull();
    List<String> ran = actual.byPath().entrySet().stream()
        .filter(e -> e.getValue().outcome().ran())
        .map(e -> e.getKey())
        .collect(Collectors.toList());
    if (!ran.equals(Arrays.asList(paths))) {
      failWithMessage("expected exactly %s to run but %s ran%s", Arrays.asList(paths), ran, describe());
    }
    return this;
  }

  /**
   * Switches to assertions over the report of the step at {@code path}.
   *
   * @param path the step's path ({@code name} or {@code group/child})
   * @return assertions over that step's report
   */
  public StepReportAssert step(String path) {
    return new StepReportAssert(stepAt(path));
  }

  private StepReport stepAt(String path) {
    isNotNull();
    StepReport step = actual.byPath().get(path);
    if (step == null) {
      failWithMessage("expected a step at '%s' but the run has only %s", path, actual.byPath().keySet());
    }
    return step;
  }

  private String describe() {
    return actual.byPath().entrySet().stream()
        .map(e -> "  " + e.getKey() + ": " + e.getValue().outcome() + " (" + e.getValue().attempts() + " attempt(s))")
        .collect(Collectors.joining("\n", "\nsteps:\n", ""));
  }
}
