package dev.stepsengine;

import dev.stepsengine.throttling.ThrottleStore;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine stores each step's state, so that a re-run skips what already succeeded.
 *
 * <p>Implementations must be thread-safe: the children of a parallel group read and write through
 * one keeper at once. Failures are reported by throwing (any {@link RuntimeException}); the engine
 * never swallows them (SEMANTICS R2, R8).
 */
public interface StateKeeper {

  /**
   * Returns attributes that identify what this keeper tracks (for telemetry), such as kind, namespace and name.
   *
   * @return attributes that identify what this keeper tracks (for telemetry), such as kind, namespace and name
   */
  Map<String, String> getSummaryAttributes();

  /**
   * Returns a short identity of what this keeper tracks, such as {@code Database/default/orders}.
   * The engine uses it as the default throttle partition, so two objects never share a throttle.
   *
   * @return a short identity of what this keeper tracks, such as {@code Database/default/orders}
   */
  String getSummary();

  /**
   * Returns the stored state of {@code stateName}; never {@code null}: {@link StepState#pending}
   * for a state never written.
   *
   * @param stateName the state's name
   * @return the stored state of {@code stateName}
   */
  StepState getStepState(String stateName);

  /**
   * Stores {@code state}. A keeper that supports running state and holds leases may refuse a
   * {@link StepStatus#RUNNING} write with {@link StepHeldElsewhereException} (SEMANTICS R5).
   *
   * @param state the state
   */
  void setStepState(StepState state);

  /**
   * Returns whether this keeper takes {@link #handOver hand-overs}: a step's final state and the
   * lease of the step the engine runs right after it, in one write. The default, {@code false},
   * keeps every write a {@link #setStepState} call of its own.
   *
   * @return whether the engine may call {@link #handOver}
   */
  default boolean supportsHandOver() {
    return false;
  }

  /**
   * Stores {@code finished}, the final state of a step whose work is done, and {@code running},
   * the {@link StepStatus#RUNNING} state of the step the engine runs next, as one write. The engine
   * calls it only when {@link #supportsHandOver()} and {@link #supportsRunningState()} are true
   * and no code of the user's runs between the two writes it replaces (the next step has no
   * predicates, throttle or context hook, and its stored state was read and is not succeeded), so
   * the first state is as durable when the next step starts as with two writes (SEMANTICS R5, J5)
   * and the keeper commits once instead of twice.
   *
   * <p>A refused lease ({@link StepHeldElsewhereException}) must not lose {@code finished}: the
   * keeper stores it and then throws. Any other exception must mean that neither was stored; it is
   * reported as the failure of writing {@code finished} (SEMANTICS R8). A keeper may store
   * {@code finished} alone and return {@code false}, for instance when the thread was interrupted
   * before the write completed: the engine then goes on as after a plain write of {@code finished}
   * (R9's check, then the next step's own read and running write). The default does exactly that,
   * so a keeper that says it takes hand-overs without writing both at once loses nothing.
   *
   * @param finished the final state of the step that ran
   * @param running the running state of the step that runs next
   * @return {@code true} when both were stored; {@code false} when only {@code finished} was
   */
  default boolean handOver(StepState finished, StepState running) {
    setStepState(finished);
    return false;
  }

  /**
   * Returns whether the engine should write {@link StepStatus#RUNNING} before a step runs.
   *
   * @return whether the engine should write {@link StepStatus#RUNNING} before a step runs
   */
  boolean supportsRunningState();

  /**
   * Sends buffered changes. The engine calls it before every run returns or throws, whatever
   * happened (SEMANTICS K4). The default does nothing.
   */
  default void flush() {}

  /**
   * Hears that attempt {@code attempt} of the step tracked by {@code stateName} failed and the
   * engine will retry it (SEMANTICS R6, J6: a keeper with a history records every attempt). Called
   * after the failed attempt and before the backoff; not called for the last attempt, whose
   * failure is written as the step's state. A keeper failure thrown here stops the run (R8). The
   * default does nothing.
   *
   * @param stateName the state of the retried step
   * @param attempt the number of the attempt that failed, from 1
   * @param failure what it failed with
   */
  default void attemptFailed(String stateName, int attempt, Throwable failure) {}

  /**
   * Sends buffered changes at the end of a run, knowing how it ended: what the engine calls
   * (SEMANTICS K4). A keeper that records a summary of the run in the same write (SEMANTICS K10)
   * overrides it; the default calls {@link #flush()}.
   *
   * @param report the run's report as it stands before the flush: every step's outcome and the
   *     run's result (a failure of this flush is not in it)
   */
  default void flush(RunReport report) {
    flush();
  }

  /**
   * Returns how many characters of step outputs (names and values together) this keeper stores
   * with one state (SEMANTICS R18). The engine refuses to build when a step declares outputs and
   * its keeper returns 0, and fails a step that saves more than this.
   *
   * @return the limit per state; 0 (the default) when the keeper cannot store outputs
   */
  default int maxOutputChars() {
    return 0;
  }

  /**
   * Returns the store where this keeper keeps throttle times beside its states (SEMANTICS R4: the
   * keepers provide a persistent one, so throttling survives restarts and leader changes). An
   * engine built without a throttler of its own keeps the times of this keeper's runs there; the
   * keys are partitioned by {@link #getSummary()} as always.
   *
   * @return the keeper's throttle store; empty (the default) when it keeps none, and the engine's
   *     in-memory store is used
   */
  default Optional<ThrottleStore> persistentThrottleStore() {
    return Optional.empty();
  }
}
