package dev.stepsengine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What happened in one run (SEMANTICS R15): every declared step once, in order, with its outcome,
 * attempts, duration and exception; the overall result; and the requeue delay the engine's
 * {@link ReconcilePolicy} gives it. Returned by {@link StepsEngine#run()} and attached to the
 * exception that stops a run.
 */
public final class RunReport {
  private final Reports reports;
  private volatile List<StepReport> steps;
  /** {@link #byPath()} and {@link #allSteps()}, built on first use (a keeper's flush reads them every run). */
  private volatile Map<String, StepReport> byPath;
  private volatile List<StepReport> allSteps;
  private final RunResult result;
  private final StepsException error;
  private final long durationNanos;
  private final ReconcilePolicy policy;

  RunReport(Reports reports, RunResult result, StepsException error, long durationNanos, ReconcilePolicy policy) {
    this.reports = reports;
    this.result = result;
    this.error = error;
    this.durationNanos = durationNanos;
    this.policy = policy;
  }

  /**
   * Returns the top-level steps' reports, in order (composite steps hold their children's).
   *
   * @return the top-level steps' reports, in order (composite steps hold their children's)
   */
  public List<StepReport> steps() {
    List<StepReport> s = steps;
    if (s == null) {
      s = steps = Collections.unmodifiableList(reports.toList());
    }
    return s;
  }

  /**
   * Returns how the run ended.
   *
   * @return how the run ended
   */
  public RunResult result() {
    return result;
  }

  /**
   * Returns the exception that stopped the run, when one did.
   *
   * @return the exception that stopped the run, when one did
   */
  public Optional<StepsException> error() {
    return Optional.ofNullable(error);
  }

  /**
   * Returns how long the run took.
   *
   * @return how long the run took
   */
  public Duration duration() {
    return Duration.ofNanos(durationNanos);
  }

  /**
   * Returns when to run again according to the engine's reconcile policy (SEMANTICS R13); empty = no requeue.
   *
   * @return when to run again according to the engine's reconcile policy (SEMANTICS R13)
   */
  public Optional<Duration> requeueAfter() {
    return policy.requeueAfter(this);
  }

  /**
   * Returns every step's report, depth first, keyed by its path ({@code group/child}).
   *
   * @return every step's report, depth first, keyed by its path ({@code group/child})
   */
  public Map<String, StepReport> byPath() {
    Map<String, StepReport> m = byPath;
    if (m == null) {
      Map<String, StepReport> out = new LinkedHashMap<>();
      for (StepReport r : allSteps()) {
        out.put(r.path(), r);
      }
      m = byPath = Collections.unmodifiableMap(out);
    }
    return m;
  }

  /**
   * Returns the report of the step at {@code path} ({@code name}, or {@code group/child} for nested steps).
   *
   * @param path the step's path (name, or group/child)
   * @return the report of the step at {@code path} ({@code name}, or {@code group/child} for nested steps)
   */
  public Optional<StepReport> step(String path) {
    return Optional.ofNullable(byPath().get(path));
  }

  /**
   * Returns the outcome of the step at {@code path}; throws {@link IllegalArgumentException} for an unknown path.
   *
   * @param path the step's path (name, or group/child)
   * @return the outcome of the step at {@code path}
   */
  public StepOutcome outcome(String path) {
    return step(path).orElseThrow(() -> new IllegalArgumentException("no step '" + path + "' in " + byPath().keySet()))
        .outcome();
  }

  /** Returns the exceptions of the steps that waited and let the run go on; {@code null} when none did. */
  List<Throwable> waitingErrors() {
    return reports.waitingErrors(null);
  }

  /**
   * Returns every step's report, depth first.
   *
   * @return every step's report, depth first
   */
  public List<StepReport> allSteps() {
    List<StepReport> a = allSteps;
    if (a == null) {
      List<StepReport> out = new ArrayList<>();
      collect(steps(), out);
      a = allSteps = Collections.unmodifiableList(out);
    }
    return a;
  }

  private static void collect(List<StepReport> reports, List<StepReport> out) {
    for (StepReport r : reports) {
      out.add(r);
      if (!r.children().isEmpty()) {
        collect(r.children(), out);
      }
    }
  }

  @Override
  public String toString() {
    return "RunReport[" + result + ", " + steps() + "]";
  }
}
