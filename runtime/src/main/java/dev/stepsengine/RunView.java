package dev.stepsengine;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the steps of one run share, and all a {@link StepContext} sees of the run: the clock, the
 * deadline and the values steps put for later steps. The engine's own bookkeeping is in the
 * subclass {@link Run}, which a context never sees as such (one object per run, not two: a run
 * of trivial steps allocates little else).
 */
class RunView {
  final Clock clock;
  /** The run deadline (SEMANTICS R9), or null. */
  final Instant deadline;
  /** Made on the first {@link #put}, so a run whose steps share nothing allocates nothing. */
  private volatile ConcurrentHashMap<ContextKey<?>, Object> values;

  RunView(Clock clock, Instant deadline) {
    this.clock = clock;
    this.deadline = deadline;
  }

  Object get(ContextKey<?> key) {
    ConcurrentHashMap<ContextKey<?>, Object> v = values;
    return v == null ? null : v.get(key);
  }

  void put(ContextKey<?> key, Object value) {
    ConcurrentHashMap<ContextKey<?>, Object> v = values;
    if (v == null) {
      synchronized (this) {
        v = values;
        if (v == null) {
          v = values = new ConcurrentHashMap<>();
        }
      }
    }
    v.put(key, value);
  }

  boolean pastDeadline() {
    return deadline != null && !clock.instant().isBefore(deadline);
  }
}
