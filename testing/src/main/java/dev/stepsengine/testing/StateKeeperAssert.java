package dev.stepsengine.testing;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions over the states an {@link InMemoryStateKeeper} holds and the writes it
 * recorded, in order ({@link InMemoryStateKeeper#transitions()}).
 */
public final class StateKeeperAssert extends AbstractAssert<StateKeeperAssert, InMemoryStateKeeper> {

  /**
   * Creates assertions over {@code actual}; prefer {@link StepsAssertions#assertThat(InMemoryStateKeeper)}.
   *
   * @param actual the keeper under test
   */
  public StateKeeperAssert(InMemoryStateKeeper actual) {
    super(actual, StateKeeperAssert.class);
  }

  /**
   * Verifies the statuses written for one state, in order, and that there were no others
   * (for example {@code RUNNING, SUCCEEDED} with running-state support).
   *
   * @param stateName the state's name (the step's {@code state(...)})
   * @param statuses the statuses expected to be written, in order
   * @return this assertion object
   */
  public StateKeeperAssert hasWritten(String stateName, StepStatus... statuses) {
    isNotNull();
    List<StepStatus> written = actual.transitions().stream()
        .filter(t -> t.to().name().equals(stateName))
        .map(t -> t.to().status())
        .collect(Collectors.toList());
    if (!written.equals(Arrays.asList(statuses))) {
      failWithMessage("expected the writes of state '%s' to be %s but they were %s; all writes: %s",
          stateName, Arrays.asList(statuses), written, actual.transitions());
    }
    return this;
  }

  /**
   * Verifies that the keeper now holds {@code stateName} with {@code status}.
   *
   * @param stateName the state's name
   * @param status the expected current status
   * @return this assertion object
   */
  public StateKeeperAssert hasState(String stateName, StepStatus status) {
    isNotNull();
    StepState state = actual.states().get(stateName);
    StepStatus current = state == null ? StepStatus.PENDING : state.status();
    if (current != status) {
      failWithMessage("expected state '%s' to be %s but it is %s; states: %s",
          stateName, status, current, actual.states().values());
    }
    return this;
  }

  /**
   * Verifies how many writes the keeper recorded in all.
   *
   * @param expected the expected number of writes
   * @return this assertion object
   */
  public StateKeeperAssert hasWriteCount(int expected) {
    isNotNull();
    int writes = actual.transitions().size();
    if (writes != expected) {
      failWithMessage("expected %s write(s) but the keeper recorded %s: %s", expected, writes, actual.transitions());
    }
    return this;
  }
}
