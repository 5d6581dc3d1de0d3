package dev.stepsengine.testing;

import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import org.assertj.core.api.AbstractAssert;

/** AssertJ assertions over one {@link StepReport}: outcome, attempts and error. */
public final class StepReportAssert extends AbstractAssert<StepReportAssert, StepReport> {

  /**
   * Creates assertions over {@code actual}; prefer {@link StepsAssertions#assertThat(StepReport)}
   * or {@link RunReportAssert#step(String)}.
   *
   * @param actual the step report under test
   */
  public StepReportAssert(StepReport actual) {
    super(actual, StepReportAssert.class);
  }

  /**
   * Verifies the step's outcome.
   *
   * @param expected the expected outcome
   * @return this assertion object
   */
  public StepReportAssert hasOutcome(StepOutcome expected) {
    isNotNull();
    if (actual.outcome() != expected) {
      failWithMessage("expected step '%s' to be %s but it was %s", actual.path(), expected, actual.outcome());
    }
    return this;
  }

  /**
   * Verifies how many attempts the step made.
   *
   * @param expected the expected number of attempts
   * @return this assertion object
   */
  public StepReportAssert hasAttempts(int expected) {
    isNotNull();
    if (actual.attempts() != expected) {
      failWithMessage("expected step '%s' to make %s attempt(s) but it made %s",
          actual.path(), expected, actual.attempts());
    }
    return this;
  }

  /**
   * Verifies that the step ended with an error of type {@code type} (or a subtype).
   *
   * @param type the expected error type
   * @return this assertion object
   */
  public StepReportAssert hasErrorInstanceOf(Class<? extends Throwable> type) {
    isNotNull();
    Throwable error = actual.error().orElse(null);
    if (!type.isInstance(error)) {
      failWithMessage("expected step '%s' to end with a %s but its error was %s",
          actual.path(), type.getName(), error);
    }
    return this;
  }
}
