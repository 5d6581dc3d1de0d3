package dev.stepsengine;

import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the children of a {@link ParallelSteps} (SEMANTICS R10). Up to {@code maxConcurrency}
 * workers take children in declaration order; the calling thread is one of them, so a group
 * always progresses even when the executor is saturated (nested groups cannot deadlock).
 */
final class ParallelRun {
  private final Run run;
  private final ParallelSteps group;
  private final List<StepLifecycle> children;
  private final Scope scope;
  private final Reports out;
  private final int n;
  private final StepsException[] stops;
  private final Thread[] threads;
  private final boolean[] cancelledByGroup;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private int next;
  private int running;
  private boolean stopHanding;
  private boolean cancelled;
  private Throwable fatal;

  ParallelRun(Run run, ParallelSteps group, List<StepLifecycle> children, Scope scope, Reports out) {
    this.run = run;
    this.group = group;
    this.children = children;
    this.scope = scope;
    this.out = out;
    this.n = group.steps.size();
    this.stops = new StepsException[n];
    this.threads = new Thread[n];
    this.cancelledByGroup = new boolean[n];
  }

  void run() {
    Telemetry telemetry = run.telemetry;
    Span span = telemetry.startParallel(scope.otel(), group.name());
    Scope childScope = telemetry.enabled ? scope.withOtel(scope.otel().with(span)) : scope;
    StepsException result = null;
    try {
      int workers = concurrency();
      for (int i = 1; i < workers; i++) {
        try {
          run.engine.executor.execute(() -> work(childScope));
        } catch (RejectedExecutionException saturated) {
          break; // the calling thread works through the rest itself
        }
      }
      work(childScope);
      boolean interrupted = awaitIdle() | cancelled; // this thread, or a worker finding the run cancelled
      // what escaped a child's step logic (a VirtualMachineError, a throwing hook) escapes the group too, as in a sequence
      if (fatal instanceof Error e) {
        throw e;
      } else if (fatal instanceof RuntimeException e) {
        throw e;
      }
      result = groupResult();
      if (interrupted && !(result instanceof StateKeeperException)) {
        // R9, R7f: the run was cancelled; a keeper failure of a child still wins (R8)
        RunCancelledException cancellation = new RunCancelledException(run.pastDeadline()
            ? "run deadline " + run.deadline + " passed while parallel group '" + group.name() + "' ran"
            : "parallel group '" + group.name() + "' was interrupted", null);
        if (result != null) {
          cancellation.addSuppressed(result);
        }
        result = cancellation;
      }
      if (result != null) {
        throw result;
      }
    } finally {
      Throwable error = result != null ? result : fatal;
      telemetry.end(span, error != null && !(error instanceof RunWaitingException), error);
    }
  }

  private int concurrency() {
    int limit = group.maxConcurrency > 0 ? Math.min(group.maxConcurrency, n) : n;
    if (run.engine.executor instanceof ThreadPoolExecutor pool) {
      // a cached pool's maximum is Integer.MAX_VALUE: count in long so the +1 cannot overflow
      limit = (int) Math.min(limit, (long) pool.getMaximumPoolSize() + 1);
    }
    return Math.max(1, limit);
  }

  private void work(Scope childScope) {
    for (;;) {
      int i;
      lock.lock();
      try {
        if (stopHanding || next >= n) {
          return;
        }
        if (Thread.currentThread().isInterrupted() || run.pastDeadline()) {
          stopHanding = true; // R9: no new child starts once the run is cancelled
          cancelled = true;
          return;
        }
        i = next++;
        running++;
        threads[i] = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      StepsException stop = null;
      boolean done = false;
      try {
        Next next = children.get(i).run(run, childScope, out, i, System.nanoTime(), null, null);
        stop = next.stop;
        done = true;
      } catch (Throwable t) {
        lock.lock();
        try {
          fatal = fatal == null ? t : fatal;
          cancelOthers(i); // R7e: what escapes a child escapes the group at once, siblings are not waited out
        } finally {
          lock.unlock();
        }
      } finally {
        lock.lock();
        try {
          if (done) {
            stops[i] = stop;
            if (stop != null && group.failFast) {
              cancelOthers(i);
            }
          }
          threads[i] = null;
          if (cancelledByGroup[i]) {
            Thread.interrupted(); // the interrupt was ours, for this child only
          }
          running--;
          idle.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Interrupts the children still running; called with the lock held. */
  private void cancelOthers(int failed) {
    stopHanding = true;
    for (int j = 0; j < n; j++) {
      if (j != failed && threads[j] != null && !cancelledByGroup[j]) {
        cancelledByGroup[j] = true;
        threads[j].interrupt();
      }
    }
  }

  /** Waits until no child runs and none is left; returns whether the waiting thread was interrupted. */
  private boolean awaitIdle() {
    boolean interrupted = false;
    lock.lock();
    try {
      while (running > 0 || (next < n && !stopHanding)) {
        try {
          idle.await();
        } catch (InterruptedException e) {
          interrupted = true;
          cancelOthers(-1);
        }
      }
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return interrupted;
  }

  /**
   * Returns how the group ends from its children's stops, in declaration order; null when none
   * stopped. A keeper failure (R8) or a cancellation the group did not cause (R7f, R9) stops the
   * whole run as itself, whichever thread ran the child; only waits make the group wait, for the
   * shortest of them; otherwise the failures are a {@link ParallelStepsException}.
   */
  private StepsException groupResult() {
    List<StepsException> failures = new ArrayList<>();
    StepsException keeper = null;
    RunCancelledException cancellation = null;
    for (int i = 0; i < n; i++) {
      StepsException stop = stops[i];
      if (stop == null || (cancelledByGroup[i] && stop instanceof RunCancelledException)) {
        continue;
      }
      if (stop instanceof StateKeeperException && keeper == null) {
        keeper = stop;
      } else if (stop instanceof RunCancelledException rc && cancellation == null) {
        cancellation = rc;
      } else {
        failures.add(stop);
      }
    }
    StepsException first = keeper != null ? keeper : cancellation;
    if (first != null) {
      for (StepsException other : failures) {
        first.addSuppressed(other);
      }
      return first;
    }
    if (failures.isEmpty()) {
      return null;
    }
    if (failures.stream().allMatch(f -> f instanceof RunWaitingException)) {
      RunWaitingException shortest = failures.stream().map(f -> (RunWaitingException) f)
          .min((a, b) -> a.waitFor().compareTo(b.waitFor())).orElseThrow();
      return new RunWaitingException(group.name(), shortest.waitFor(), shortest);
    }
    // R3: aborts (with waits beside them) abort the run; only a real failure makes the group fail
    if (failures.stream().allMatch(f -> f instanceof AbortedByPredicateException || f instanceof RunWaitingException)) {
      AbortedByPredicateException abort = (AbortedByPredicateException) failures.stream()
          .filter(f -> f instanceof AbortedByPredicateException).findFirst().orElseThrow();
      failures.stream().filter(f -> f != abort).forEach(abort::addSuppressed);
      return abort;
    }
    return new ParallelStepsException(group.name(), failures);
  }

  @Override
  public String toString() {
    return "ParallelRun[" + group.name() + ", " + Arrays.toString(stops) + "]";
  }
}
