package dev.stepsengine.jdbc;

import dev.stepsengine.StepState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One execution (pipeline instance) in the database and the states of its steps, as a status view
 * shows them. Running states whose lease expired read as pending, like they do for the engine.
 *
 * @param executionId the execution id
 * @param createdAt when its first state was written
 * @param states its step states, by state name
 */
public record ExecutionStatus(String executionId, Instant createdAt, List<StepState> states) {

  /**
   * Copies the list of states.
   *
   * @param executionId the execution id
   * @param createdAt the created at
   * @param states the states
   */
  public ExecutionStatus {
    states = List.copyOf(states);
  }

  /**
   * Returns when a state of this execution was last written, or {@link #createdAt} when none was.
   *
   * @return when a state of this execution was last written, or {@link #createdAt} when none was
   */
  public Instant updatedAt() {
    return states.stream().map(StepState::updatedAt).max(Instant::compareTo).orElse(createdAt);
  }

  /**
   * Returns the state named {@code stateName}, when it was ever written.
   *
   * @param stateName the state's name
   * @return the state named {@code stateName}, when it was ever written
   */
  public Optional<StepState> state(String stateName) {
    return states.stream().filter(s -> s.name().equals(stateName)).findFirst();
  }
}
