package dev.stepsengine;

import dev.stepsengine.throttling.Throttler;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One run of an engine: walks the top-level steps in order, checks for cancellation between
 * steps (SEMANTICS R9), flushes the keepers before it returns (K4) and builds the report (R15).
 * Holds what a run owns; the engine's settings are shared. Steps see only its {@link RunView}.
 */
final class Run extends RunView {
  final StepsEngine engine;
  final Telemetry telemetry;
  /** The keeper of this run: the engine's, or the one {@link StepsEngine#runWith(StateKeeper)} was given. */
  final StateKeeper keeper;
  /**
   * Where the throttled steps tracked by {@link #keeper} keep their times (R4): see
   * {@link StepsEngine#throttlerFor}. Made on the first throttled step, so a run without one
   * pays nothing; two threads that make it at once make equal throttlers over the same store.
   */
  private volatile Throttler throttler;
  /** The run span; {@code null} when tracing is off (Telemetry then never touches it). */
  Span runSpan;
  private String lastStep;
  /** Keepers that nested steps set for themselves (R1); flushed with the engine's. Rare, so made on first use. */
  private volatile Set<StateKeeper> extraKeepers;
  /** State names returned by dynamic steps in this run, mapped to the path of the step that returned them (R12). */
  private Map<String, String> dynamicStates;

  Run(StepsEngine engine, StateKeeper keeper) {
    super(engine.clock, engine.runTimeout == null ? null : engine.clock.instant().plus(engine.runTimeout));
    this.engine = engine;
    this.telemetry = engine.telemetry;
    this.keeper = keeper;
  }

  RunReport execute() {
    long start = System.nanoTime();
    Scope scope;
    if (telemetry.enabled) {
      // untraced runs never touch OpenTelemetry's context storage: it costs milliseconds to load
      Context parent = Context.current();
      runSpan = telemetry.startRun(parent, keeper == null ? Map.of() : keeper.getSummaryAttributes());
      scope = new Scope(this, keeper, parent.with(runSpan));
    } else {
      scope = new Scope(this, keeper, null);
    }
    Reports reports = new Reports(engine.steps, "", engine.listener);
    StepsException stop = null;
    Throwable fatal = null;
    try {
      stop = runSequence(scope, engine.lifecycles, reports, start).stop;
    } catch (Throwable t) {
      fatal = t; // a VirtualMachineError (R7e) passes through; the run span still ends as an error
      throw t;
    } finally {
      stop = flushKeepers(stop, fatal == null ? reports : null, start);
      telemetry.endRun(runSpan, lastStep, stop != null ? stop : fatal);
    }
    // without keepers nothing happens after the last step, whose end time is already known:
    // one clock read less per run (a clock read is most of what an untracked step costs)
    long end = keeper == null && extraKeepers == null && !telemetry.enabled ? reports.mark : System.nanoTime();
    RunReport report = new RunReport(reports, resultOf(stop), stop, end - start, engine.policy);
    if (stop != null) {
      stop.attachReport(report);
      throw stop;
    }
    return report;
  }

  /**
   * Runs {@code steps} in order as the entries of {@code out}, the first starting at {@code start}
   * ({@link System#nanoTime()}). Returns {@link Next#GO_ON} when the sequence completed or a step
   * finished it, or the stop of the step that stopped it.
   */
  Next runSequence(Scope scope, List<StepLifecycle> steps, Reports out, long start) {
    out.mark = start;
    HandOver handOver = null;
    for (int i = 0, n = steps.size(); i < n; i++) {
      StepLifecycle step = steps.get(i);
      if (deadline != null || Thread.currentThread().isInterrupted()) {
        RunCancelledException cancelled = cancellation(step.name);
        if (cancelled != null) {
          // a lease that came with the previous step's success goes back: the step is not reached
          return handOver != null && handOver.held == null ? step.handBackLease(this, scope, out, i, cancelled)
              : Next.stop(cancelled);
        }
      }
      Next next = step.run(this, scope, out, i, out.mark, i + 1 < n ? steps.get(i + 1) : null, handOver);
      if (telemetry.enabled) {
        lastStep = step.name; // only the run span's last_step attribute reads it
      }
      if (!next.goesOn()) {
        return next.stops() ? next : Next.GO_ON;
      }
      handOver = next.handOver;
    }
    return Next.GO_ON;
  }

  /** R9: the cancellation that stops the run before step {@code next}, or null when it may go on. */
  private RunCancelledException cancellation(String next) {
    if (Thread.currentThread().isInterrupted()) {
      return new RunCancelledException("run interrupted before step '" + next + "'", null);
    }
    if (pastDeadline()) {
      return new RunCancelledException("run deadline " + deadline + " passed before step '" + next + "'", null);
    }
    return null;
  }

  /** Returns {@code keeper}, remembered so the run flushes it too (R1: a step's own keeper). */
  StateKeeper adopt(StateKeeper keeper) {
    if (keeper != this.keeper) {
      Set<StateKeeper> k = extraKeepers;
      if (k == null) {
        synchronized (this) {
          k = extraKeepers;
          if (k == null) {
            k = extraKeepers = ConcurrentHashMap.newKeySet();
          }
        }
      }
      k.add(keeper);
    }
    return keeper;
  }

  /** Returns where a throttled step tracked by {@code keeper} keeps its times (R4): the store follows the keeper, as the partition does. */
  Throttler throttler(StateKeeper keeper) {
    if (keeper != this.keeper) {
      return engine.throttlerFor(keeper);
    }
    Throttler t = throttler;
    if (t == null) {
      t = throttler = engine.throttlerFor(keeper);
    }
    return t;
  }

  /** Returns the throttle partition of a step tracked by {@code keeper} (R4). */
  String throttlePartition(StateKeeper keeper) {
    if (engine.throttlePartition != null) {
      return engine.throttlePartition;
    }
    return keeper == null ? "" : keeper.getSummary();
  }

  /**
   * Claims {@code stateNames} for the dynamic step at {@code owner} (R12): returns the V2 problems
   * when another dynamic step of this run returned one of them; claims nothing then. A step that
   * runs again (a retried attempt) first gives its earlier claims back.
   */
  synchronized List<String> claimStates(String owner, Collection<String> stateNames) {
    if (dynamicStates == null) {
      dynamicStates = new HashMap<>();
    }
    List<String> problems = new ArrayList<>();
    for (String name : stateNames) {
      String other = dynamicStates.get(name);
      if (other != null && !other.equals(owner)) {
        problems.add("STEPS-V2: dynamic steps '" + other + "' and '" + owner + "' both return a step with state name '"
            + name + "'; state names are unique across everything one run declares");
      }
    }
    if (problems.isEmpty()) {
      dynamicStates.values().removeIf(owner::equals);
      stateNames.forEach(name -> dynamicStates.put(name, owner));
    }
    return problems;
  }

  /** K4: flushes every keeper, with the thread's interrupt flag cleared so a cancelled run's changes still land. */
  /**
   * K4: flushes every keeper, telling it how the run ended ({@code reports} is null after a fatal
   * error, whose keepers get a plain {@link StateKeeper#flush()}).
   */
  private StepsException flushKeepers(StepsException stop, Reports reports, long start) {
    if (keeper == null && extraKeepers == null) {
      return stop;
    }
    RunReport before = reports == null ? null
        : new RunReport(reports, resultOf(stop), stop, System.nanoTime() - start, engine.policy);
    List<StateKeeper> keepers = new ArrayList<>(2);
    if (keeper != null) {
      keepers.add(keeper);
    }
    if (extraKeepers != null) {
      keepers.addAll(extraKeepers);
    }
    boolean interrupted = Thread.interrupted();
    try {
      for (StateKeeper k : keepers) {
        try {
          if (before == null) {
            k.flush();
          } else {
            k.flush(before);
          }
        } catch (RuntimeException e) {
          StateKeeperException failure = KeeperFailures.ofFlush(e);
          if (stop != null) {
            failure.addSuppressed(stop);
          }
          stop = failure;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return stop;
  }

  private static RunResult resultOf(StepsException stop) {
    if (stop == null) {
      return RunResult.SUCCEEDED;
    } else if (stop instanceof RunWaitingException) {
      return RunResult.WAITING;
    } else if (stop instanceof AbortedByPredicateException) {
      return RunResult.ABORTED;
    } else if (stop instanceof RunCancelledException) {
      return RunResult.CANCELLED;
    }
    return RunResult.FAILED;
  }

}
