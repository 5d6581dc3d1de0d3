package dev.stepsengine.k8s;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepState;
import dev.stepsengine.throttling.ThrottleStore;
import java.util.Map;
import java.util.Optional;

/**
 * A keeper whose end-of-run flush does nothing, so that {@link DeleteControls} decides after the
 * run whether the buffered conditions are written (SEMANTICS K14: a successful deletion needs no
 * status write). Everything else goes to the wrapped keeper.
 */
final class HeldWriteKeeper implements StateKeeper {
  private final StateKeeper keeper;

  HeldWriteKeeper(StateKeeper keeper) {
    this.keeper = keeper;
  }

  /** Returns the keeper whose flush this one holds back. */
  StateKeeper wrapped() {
    return keeper;
  }

  @Override
  public Map<String, String> getSummaryAttributes() {
    return keeper.getSummaryAttributes();
  }

  @Override
  public String getSummary() {
    return keeper.getSummary();
  }

  @Override
  public StepState getStepState(String stateName) {
    return keeper.getStepState(stateName);
  }

  @Override
  public void setStepState(StepState state) {
    keeper.setStepState(state);
  }

  @Override
  public boolean supportsRunningState() {
    return keeper.supportsRunningState();
  }

  @Override
  public void flush() {
    // held: DeleteControls flushes the wrapped keeper once the run's outcome is known
  }

  @Override
  public int maxOutputChars() {
    return keeper.maxOutputChars();
  }

  @Override
  public Optional<ThrottleStore> persistentThrottleStore() {
    return keeper.persistentThrottleStore();
  }
}
