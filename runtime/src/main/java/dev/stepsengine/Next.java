package dev.stepsengine;

/**
 * What a step's lifecycle tells its sequence: go on with the next step, finish the sequence
 * successfully ({@code finishOnSuccess}, SEMANTICS R7a), or stop with an exception.
 */
final class Next {
  static final Next GO_ON = new Next(null, null);
  static final Next FINISH = new Next(null, null);

  /** The exception that stops the enclosing sequence; null for {@link #GO_ON} and {@link #FINISH}. */
  final StepsException stop;
  /** Go on, and the next step's lease was written with this step's success ({@link StateKeeper#handOver}); or null. */
  final HandOver handOver;

  private Next(StepsException stop, HandOver handOver) {
    this.stop = stop;
    this.handOver = handOver;
  }

  static Next stop(StepsException stop) {
    return new Next(stop, null);
  }

  /** Go on with the next step, which runs on the lease {@code handOver} says. */
  static Next handOver(HandOver handOver) {
    return new Next(null, handOver);
  }

  /** Whether the sequence goes on with its next step. */
  boolean goesOn() {
    return this == GO_ON || handOver != null;
  }

  boolean stops() {
    return stop != null;
  }

  @Override
  public String toString() {
    return this == GO_ON ? "GO_ON" : this == FINISH ? "FINISH" : handOver != null ? "HAND_OVER" : "STOP[" + stop + "]";
  }
}
