package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.StepStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Assertions on a transition history (SEMANTICS J4, J6). */
final class Histories {
  private Histories() {}

  /**
   * Asserts that no transition was lost or duplicated: per state, versions count up by one from 1
   * and each transition starts from the status the previous one wrote.
   */
  static void assertUnbroken(List<StepTransition> history) {
    Map<String, StepTransition> last = new HashMap<>();
    for (StepTransition t : history) {
      StepTransition previous = last.put(t.stateName(), t);
      long expectedVersion = previous == null ? 1 : previous.version() + 1;
      StepStatus expectedFrom = previous == null ? StepStatus.PENDING : previous.to();
      assertThat(t.version()).as("version of %s in %s", t, history).isEqualTo(expectedVersion);
      assertThat(t.from()).as("from-status of %s in %s", t, history).isEqualTo(expectedFrom);
    }
  }

  /** Returns how many transitions of {@code stateName} wrote {@code to}. */
  static long count(List<StepTransition> history, String stateName, StepStatus to) {
    return history.stream().filter(t -> t.stateName().equals(stateName) && t.to() == to).count();
  }
}
