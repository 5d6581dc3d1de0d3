package dev.stepsengine.jdbc;

import dev.stepsengine.StateKeeperException;

/**
 * A write was refused because another worker changed the state since this keeper last read or
 * wrote it, typically because this worker's lease expired and another worker took the step over
 * (SEMANTICS J3, J4). The engine stops the run with it; nothing is overwritten.
 */
public class StateConflictException extends StateKeeperException {
  /**
   * Creates the exception with a message that names the state, the versions and the other owner.
   *
   * @param message the detail message
   */
  public StateConflictException(String message) {
    super(message, null);
  }
}
