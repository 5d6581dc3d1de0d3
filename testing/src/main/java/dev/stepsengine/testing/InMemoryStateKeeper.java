package dev.stepsengine.testing;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepHeldElsewhereException;
import dev.stepsengine.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A thread-safe {@link StateKeeper} in memory, for tests and for programs that need no
 * persistence. It records every transition in order ({@link #transitions()}), can support running
 * state or not, and can be told to fail reads or writes so tests can prove failures are never
 * swallowed.
 */
public final class InMemoryStateKeeper implements StateKeeper {

  /**
   * One recorded write.
   *
   * @param from the state before the write (pending when it was never written)
   * @param to the state written
   */
  public record Transition(StepState from, StepState to) {
    @Override
    public String toString() {
      return to.name() + ": " + from.status() + " -> " + to.status()
          + (to.reason().isEmpty() ? "" : " (" + to.reason() + ")");
    }
  }

  private static final AtomicInteger INSTANCES = new AtomicInteger();

  /** How many characters of outputs (names and values) the keeper stores per state by default: 64 Ki. */
  public static final int DEFAULT_MAX_OUTPUT_CHARS = 65_536;

  private final String summary;
  private final Map<String, StepState> states = new HashMap<>();
  private final List<Transition> transitions = new ArrayList<>();
  private boolean runningState;
  private boolean handOvers;
  private int handOverCalls;
  private int maxOutputChars = DEFAULT_MAX_OUTPUT_CHARS;
  private Function<String, RuntimeException> readFailure;
  private Function<StepState, RuntimeException> writeFailure;
  private int reads;
  private int flushes;

  /**
   * Creates an empty keeper with no running-state support and a summary unique to this instance
   * ({@code in-memory-N}), so two keepers never share a throttle partition (SEMANTICS R4).
   */
  public InMemoryStateKeeper() {
    this("in-memory-" + INSTANCES.incrementAndGet());
  }

  /**
   * Creates an empty keeper whose summary (and so default throttle partition) is {@code summary}.
   *
   * @param summary the summary
   */
  public InMemoryStateKeeper(String summary) {
    this.summary = Objects.requireNonNull(summary, "summary");
  }

  /**
   * Makes the engine write running state (or not) before each step. Returns this keeper.
   *
   * @param supported whether the engine writes running state
   * @return this keeper
   */
  public synchronized InMemoryStateKeeper withRunningState(boolean supported) {
    this.runningState = supported;
    return this;
  }

  /**
   * Makes the keeper take hand-overs ({@link StateKeeper#handOver}: a step's success and the next
   * step's running state in one call, as the database keeper does) or not (the default). Each
   * hand-over is recorded as its two transitions and counted in {@link #handOvers()}; a write
   * failure set by {@link #failWrites} applies to each of the two states. Returns this keeper.
   *
   * @param supported whether the engine may hand over
   * @return this keeper
   */
  public synchronized InMemoryStateKeeper withHandOvers(boolean supported) {
    this.handOvers = supported;
    return this;
  }

  /**
   * Returns how many hand-overs the engine made ({@link #withHandOvers}).
   *
   * @return the number of {@link #handOver} calls
   */
  public synchronized int handOvers() {
    return handOverCalls;
  }

  @Override
  public synchronized boolean supportsHandOver() {
    return handOvers;
  }

  /**
   * Stores {@code finished} and {@code running} as one write, as a keeper with a database does:
   * a write failure set by {@link #failWrites} for {@code finished}, or one for {@code running}
   * other than a refused lease, stores neither; a refused lease ({@code StepHeldElsewhereException})
   * stores {@code finished} and then throws. Counts the call.
   *
   * @param finished the final state of the step that ran
   * @param running the running state of the step that runs next
   * @return {@code true}: both were stored
   */
  @Override
  public synchronized boolean handOver(StepState finished, StepState running) {
    handOverCalls++;
    RuntimeException first = writeFailure == null ? null : writeFailure.apply(finished);
    if (first != null) {
      throw first;
    }
    RuntimeException second = writeFailure == null ? null : writeFailure.apply(running);
    if (second != null && !(second instanceof StepHeldElsewhereException)) {
      throw second;
    }
    store(finished);
    if (second != null) {
      throw second;
    }
    store(running);
    return true;
  }

  /**
   * Sets how many characters of step outputs the keeper stores per state (SEMANTICS R18); 0 makes
   * it a keeper that cannot store outputs.
   *
   * @param limit the limit, not negative
   * @return this keeper
   */
  public synchronized InMemoryStateKeeper withMaxOutputChars(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, was " + limit);
    }
    this.maxOutputChars = limit;
    return this;
  }

  @Override
  public synchronized int maxOutputChars() {
    return maxOutputChars;
  }

  /**
   * Makes reads of {@code stateName} throw what {@code failure} returns; {@code null} stops failing.
   *
   * @param failure the exception the step threw
   */
  public synchronized void failReads(Function<String, RuntimeException> failure) {
    this.readFailure = failure;
  }

  /**
   * Makes writes throw what {@code failure} returns (it may return {@code null} to let a write pass); {@code null} stops failing.
   *
   * @param failure the exception the step threw
   */
  public synchronized void failWrites(Function<StepState, RuntimeException> failure) {
    this.writeFailure = failure;
  }

  /**
   * Stores {@code state} directly, without recording a transition (to arrange a test).
   *
   * @param state the state
   */
  public synchronized void put(StepState state) {
    states.put(state.name(), state);
  }

  /**
   * Stores a succeeded state for each of {@code stateNames}, without recording transitions.
   *
   * @param stateNames the state names
   */
  public synchronized void putSucceeded(String... stateNames) {
    for (String name : stateNames) {
      states.put(name, StepState.of(name, dev.stepsengine.StepStatus.SUCCEEDED, StepState.DEFAULT_SUCCESS_REASON,
          StepState.DEFAULT_SUCCESS_MESSAGE, Instant.EPOCH));
    }
  }

  /**
   * Returns every write so far, in order.
   *
   * @return every write so far, in order
   */
  public synchronized List<Transition> transitions() {
    return List.copyOf(transitions);
  }

  /**
   * Returns the stored states by state name.
   *
   * @return the stored states by state name
   */
  public synchronized Map<String, StepState> states() {
    return Map.copyOf(states);
  }

  /**
   * Returns how many reads the engine made.
   *
   * @return how many reads the engine made
   */
  public synchronized int reads() {
    return reads;
  }

  /**
   * Returns how many times the engine flushed.
   *
   * @return how many times the engine flushed
   */
  public synchronized int flushes() {
    return flushes;
  }

  /** Forgets every state and transition. */
  public synchronized void clear() {
    states.clear();
    transitions.clear();
  }

  @Override
  public Map<String, String> getSummaryAttributes() {
    return Map.of("keeper", "in-memory", "summary", summary);
  }

  @Override
  public String getSummary() {
    return summary;
  }

  @Override
  public synchronized StepState getStepState(String stateName) {
    reads++;
    if (readFailure != null) {
      RuntimeException e = readFailure.apply(stateName);
      if (e != null) {
        throw e;
      }
    }
    StepState s = states.get(stateName);
    return s != null ? s : StepState.pending(stateName);
  }

  @Override
  public synchronized void setStepState(StepState state) {
    if (writeFailure != null) {
      RuntimeException e = writeFailure.apply(state);
      if (e != null) {
        throw e;
      }
    }
    store(state);
  }

  private void store(StepState state) {
    StepState old = states.get(state.name());
    transitions.add(new Transition(old != null ? old : StepState.pending(state.name()), state));
    states.put(state.name(), state);
  }

  @Override
  public synchronized boolean supportsRunningState() {
    return runningState;
  }

  @Override
  public synchronized void flush() {
    flushes++;
  }
}
