package dev.stepsengine.testing;

import dev.stepsengine.RunReport;
import dev.stepsengine.StepReport;

/**
 * Entry points of the Steps Engine assertions, to import statically next to AssertJ's
 * {@code Assertions.assertThat} (the argument types differ, so both overloads resolve):
 *
 * <pre>{@code
 * RunReport report = engine.run();
 * assertThat(report).succeeded().hasOutcome("deploy", StepOutcome.SUCCEEDED).hasAttempts("deploy", 1);
 * assertThat(keeper).hasWritten("Deployed", StepStatus.SUCCEEDED);
 * }</pre>
 */
public final class StepsAssertions {
  private StepsAssertions() {}

  /**
   * Starts assertions over a run's report.
   *
   * @param actual the report {@code StepsEngine.run()} returned, or the one a stopping exception carries
   * @return the assertion object
   */
  public static RunReportAssert assertThat(RunReport actual) {
    return new RunReportAssert(actual);
  }

  /**
   * Starts assertions over one step's report.
   *
   * @param actual the step's report
   * @return the assertion object
   */
  public static StepReportAssert assertThat(StepReport actual) {
    return new StepReportAssert(actual);
  }

  /**
   * Starts assertions over the states an in-memory keeper recorded.
   *
   * @param actual the keeper the engine wrote to
   * @return the assertion object
   */
  public static StateKeeperAssert assertThat(InMemoryStateKeeper actual) {
    return new StateKeeperAssert(actual);
  }
}
