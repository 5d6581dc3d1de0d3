package dev.stepsengine;

import io.opentelemetry.context.Context;

/**
 * Where a sequence of steps runs: the run they belong to, the keeper they inherit (SEMANTICS R1;
 * null when none) and the tracing context of their parent (null when tracing is off).
 */
record Scope(RunView run, StateKeeper keeper, Context otel) {

  /** Returns this scope with {@code keeper}, itself when it has that keeper already. */
  Scope withKeeper(StateKeeper keeper) {
    return keeper == this.keeper ? this : new Scope(run, keeper, otel);
  }

  /** Returns this scope with the tracing context {@code otel}. */
  Scope withOtel(Context otel) {
    return otel == this.otel ? this : new Scope(run, keeper, otel);
  }
}
