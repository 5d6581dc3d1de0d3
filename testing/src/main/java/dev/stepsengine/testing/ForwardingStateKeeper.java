package dev.stepsengine.testing;

import dev.stepsengine.RunReport;
import dev.stepsengine.StateKeeper;
import dev.stepsengine.StepState;
import dev.stepsengine.throttling.ThrottleStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link StateKeeper} that hands every call to another keeper: extend it and override only what a
 * test needs to observe or change (a keeper that records the reports it is flushed with, one that
 * fails a call), the rest behaving as the delegate does. The engine ends every run with
 * {@link #flush(RunReport)}, which goes to the delegate's {@code flush(RunReport)} (not through
 * {@link #flush()}): override that one to observe or fail the engine's flushes. It takes no
 * hand-overs ({@link #supportsHandOver()}), so every write reaches {@link #setStepState}, also over
 * a delegate that would take them (the database keeper).
 *
 * <pre>{@code
 * class Recording extends ForwardingStateKeeper {
 *   final List<RunReport> flushed = new ArrayList<>();
 *   Recording() { super(new InMemoryStateKeeper()); }
 *   @Override public void flush(RunReport report) { flushed.add(report); super.flush(report); }
 * }
 * }</pre>
 */
public class ForwardingStateKeeper implements StateKeeper {
  private final StateKeeper delegate;

  /**
   * Creates a keeper that forwards every call to {@code delegate}.
   *
   * @param delegate the keeper that does the work
   * @throws NullPointerException when {@code delegate} is {@code null}
   */
  public ForwardingStateKeeper(StateKeeper delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Returns the keeper calls are forwarded to.
   *
   * @return the delegate
   */
  public StateKeeper delegate() {
    return delegate;
  }

  /**
   * Returns the delegate's summary attributes.
   *
   * @return what {@code delegate().getSummaryAttributes()} returns
   */
  @Override
  public Map<String, String> getSummaryAttributes() {
    return delegate.getSummaryAttributes();
  }

  /**
   * Returns the delegate's summary.
   *
   * @return what {@code delegate().getSummary()} returns
   */
  @Override
  public String getSummary() {
    return delegate.getSummary();
  }

  /**
   * Returns the delegate's state of {@code stateName}.
   *
   * @param stateName the state's name
   * @return what {@code delegate().getStepState(stateName)} returns
   */
  @Override
  public StepState getStepState(String stateName) {
    return delegate.getStepState(stateName);
  }

  /**
   * Stores {@code state} in the delegate.
   *
   * @param state the state
   */
  @Override
  public void setStepState(StepState state) {
    delegate.setStepState(state);
  }

  /**
   * Returns whether the delegate supports running state.
   *
   * @return what {@code delegate().supportsRunningState()} returns
   */
  @Override
  public boolean supportsRunningState() {
    return delegate.supportsRunningState();
  }

  /**
   * Returns {@code false}, whatever the delegate says: the engine then sends every write through
   * {@link #setStepState}, where a test that overrides it sees (or fails) each one, as it would
   * with any keeper. Override to return {@code delegate().supportsHandOver()} to let the engine
   * hand over (SEMANTICS R5: a step's success and the next step's lease in one call), and override
   * {@link #handOver} as well to pass them to the delegate in one write.
   *
   * @return {@code false}
   */
  @Override
  public boolean supportsHandOver() {
    return false;
  }

  /**
   * Stores {@code finished} alone through {@link #setStepState} and returns {@code false} (the
   * interface's default: the engine then writes {@code running} through {@code setStepState} too,
   * so overrides of it see both), not through the delegate's {@code handOver}. Called only when
   * {@link #supportsHandOver()} is overridden to return {@code true}.
   *
   * @param finished the final state of the step that ran
   * @param running the running state of the step that runs next
   * @return {@code false}: only {@code finished} was stored
   */
  @Override
  public boolean handOver(StepState finished, StepState running) {
    return StateKeeper.super.handOver(finished, running);
  }

  /** Flushes the delegate. */
  @Override
  public void flush() {
    delegate.flush();
  }

  /**
   * Tells the delegate that an attempt failed.
   *
   * @param stateName the state of the retried step
   * @param attempt the number of the attempt that failed, from 1
   * @param failure what it failed with
   */
  @Override
  public void attemptFailed(String stateName, int attempt, Throwable failure) {
    delegate.attemptFailed(stateName, attempt, failure);
  }

  /**
   * Flushes the delegate with the run's report.
   *
   * @param report the run's report
   */
  @Override
  public void flush(RunReport report) {
    delegate.flush(report);
  }

  /**
   * Returns the delegate's limit on step outputs (SEMANTICS R18).
   *
   * @return what {@code delegate().maxOutputChars()} returns
   */
  @Override
  public int maxOutputChars() {
    return delegate.maxOutputChars();
  }

  /**
   * Returns the delegate's throttle store (SEMANTICS R4).
   *
   * @return what {@code delegate().persistentThrottleStore()} returns
   */
  @Override
  public Optional<ThrottleStore> persistentThrottleStore() {
    return delegate.persistentThrottleStore();
  }
}
