package dev.stepsengine;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The outcomes of one sequence of steps, kept in arrays while the run goes on and turned into
 * {@link StepReport}s only when the report is read, so an untraced run allocates no object per
 * step for its report. Entries never set read as {@link StepOutcome#NOT_REACHED}. Parallel
 * children write distinct indexes; the group's lock publishes them.
 */
final class Reports {
  private static final StepOutcome[] OUTCOMES = StepOutcome.values();

  final List<PipelineStep> steps;
  /** The path of these steps' parent with a trailing slash; empty at the top. */
  final String prefix;
  /** The run's listener, or {@code null}. */
  private final StepListener listener;
  private static final int ATTEMPT_BITS = 16;
  private static final long MAX_ATTEMPTS = (1L << ATTEMPT_BITS) - 1;
  private static final int NANO_SHIFT = 8 + ATTEMPT_BITS;
  private static final long MAX_PACKED_NANOS = (1L << (64 - NANO_SHIFT)) - 1;

  /**
   * Per step, packed so a run allocates one array for its outcomes: outcome ordinal + 1 in bits
   * 0–7 (0 = not reached), attempts in bits 8–23, duration in nanoseconds above (up to about 18
   * minutes; longer durations go to {@link #longNanos}).
   */
  private final long[] entries;
  private long[] longNanos;
  /** Allocated on the first error, so a clean run does not pay for it. */
  private Throwable[] errors;
  private Reports[] children;
  /** The {@link System#nanoTime()} at which the last recorded step ended; the next step's start. */
  long mark;

  Reports(List<PipelineStep> steps) {
    this(steps, "", null);
  }

  Reports(List<PipelineStep> steps, String prefix, StepListener listener) {
    int n = steps.size();
    this.steps = steps;
    this.prefix = prefix;
    this.listener = listener;
    this.entries = new long[n];
  }

  /** Records step {@code i}: {@code start} is its start in {@link System#nanoTime()} terms. */
  void set(int i, StepOutcome outcome, int attempts, long start, Throwable error, Reports nested) {
    long now = System.nanoTime();
    long nanos = now - start;
    if (nanos > MAX_PACKED_NANOS || error != null || nested != null) {
      setRare(i, nanos, error, nested);
      nanos = Math.min(nanos, MAX_PACKED_NANOS);
    }
    entries[i] = (nanos << NANO_SHIFT) | (Math.min(attempts, MAX_ATTEMPTS) << 8) | (outcome.ordinal() + 1);
    mark = now;
    if (listener != null) {
      notifyFinished(i);
    }
  }

  /**
   * Records what most steps do not have, in arrays made on first use. Synchronized because the
   * children of a parallel group record into one buffer from several threads at once.
   */
  private synchronized void setRare(int i, long nanos, Throwable error, Reports nested) {
    if (nanos > MAX_PACKED_NANOS) {
      if (longNanos == null) {
        longNanos = new long[entries.length];
      }
      longNanos[i] = nanos;
    }
    if (error != null) {
      if (errors == null) {
        errors = new Throwable[entries.length];
      }
      errors[i] = error;
    }
    if (nested != null) {
      if (children == null) {
        children = new Reports[entries.length];
      }
      children[i] = nested;
    }
  }

  /** Returns a buffer for the children of step {@code i}, reporting to the same listener. */
  Reports nested(int i, List<PipelineStep> children) {
    return new Reports(children, prefix + steps.get(i).name() + "/", listener);
  }

  void notifyStarted(int i) {
    if (listener != null) {
      try {
        listener.stepStarted(prefix + steps.get(i).name());
      } catch (VirtualMachineError fatal) {
        throw fatal;
      } catch (Throwable e) {
        LoggerFactory.getLogger(StepListener.class).warn("step listener failed", e);
      }
    }
  }

  private void notifyFinished(int i) {
    try {
      listener.stepFinished(toReport(i).withoutChildren());
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable e) {
      LoggerFactory.getLogger(StepListener.class).warn("step listener failed", e);
    }
  }

  /** Returns the path of step {@code i}: its name under its parents' names. */
  String path(int i) {
    return prefix.isEmpty() ? steps.get(i).name() : prefix + steps.get(i).name();
  }

  /** Returns the exception recorded for step {@code i}, or null. */
  synchronized Throwable error(int i) {
    return errors == null ? null : errors[i];
  }

  StepOutcome outcome(int i) {
    int o = (int) (entries[i] & 0xff);
    return o == 0 ? StepOutcome.NOT_REACHED : OUTCOMES[o - 1];
  }

  /**
   * Adds the exceptions of the steps that waited or found their lease held elsewhere (nested ones
   * too, SEMANTICS R5, R13) to {@code found}, made on the
   * first one; returns it, {@code null} when there is none. Reads the arrays directly, so a clean
   * run's reconcile mapping builds no report objects.
   */
  List<Throwable> waitingErrors(List<Throwable> found) {
    for (int i = 0; i < entries.length; i++) {
      StepOutcome outcome = outcome(i);
      if (errors != null && errors[i] != null
          && (outcome == StepOutcome.WAITING || outcome == StepOutcome.HELD_ELSEWHERE)) {
        if (found == null) {
          found = new ArrayList<>(2);
        }
        found.add(errors[i]);
      }
      if (children != null && children[i] != null) {
        found = children[i].waitingErrors(found);
      }
    }
    return found;
  }

  /** Returns the reports of every step, in order, with nested steps under their parents. */
  List<StepReport> toList() {
    List<StepReport> out = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      out.add(toReport(i));
    }
    return out;
  }

  private StepReport toReport(int i) {
    PipelineStep step = steps.get(i);
    StepOutcome outcome = outcome(i);
    List<StepReport> nested;
    if (children != null && children[i] != null) {
      nested = children[i].toList();
    } else if (!staticChildren(step).isEmpty()) {
      nested = new Reports(staticChildren(step), prefix + step.name() + "/", null).toList();
    } else {
      nested = List.of();
    }
    State state = step.options().state;
    int attempts = (int) ((entries[i] >>> 8) & MAX_ATTEMPTS);
    long nanos = entries[i] >>> NANO_SHIFT;
    if (nanos == MAX_PACKED_NANOS && longNanos != null) {
      nanos = longNanos[i];
    }
    return new StepReport(step.name(), path(i), state == null ? null : state.name(), outcome, attempts, nanos,
        errors == null ? null : errors[i], nested);
  }

  private static List<PipelineStep> staticChildren(PipelineStep step) {
    if (step instanceof GroupedSteps g) {
      return g.steps;
    } else if (step instanceof ParallelSteps p) {
      return p.steps;
    }
    return List.of();
  }
}
