package dev.stepsengine;

/**
 * What a step's lifecycle tells its sequence: go on with the next step, finish the sequence
 * successfully ({@code finishOnSuccess}, SEMANTICS R7a), or stop with an exception.
 */
final class Next {
  static final Next GO_ON = new Next(null);
  static final Next FINISH = new Next(null);

  /** The exception that stops the enclosing sequence; null for {@link #GO_ON} and {@link #FINISH}. */
  final StepsException stop;

  private Next(StepsException stop) {
    this.stop = stop;
  }

  static Next stop(StepsException stop) {
    return new Next(stop);
  }

  boolean stops() {
    return stop != null;
  }

  @Override
  public String toString() {
    return this == GO_ON ? "GO_ON" : this == FINISH ? "FINISH" : "STOP[" + stop + "]";
  }
}
