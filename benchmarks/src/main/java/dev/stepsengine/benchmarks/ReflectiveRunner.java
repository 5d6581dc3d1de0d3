package dev.stepsengine.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A minimal runner of the kind a runtime-annotation library has: it finds the
 * {@link ReflectiveStep} methods of a class once (scan, sort, {@code setAccessible}), then each run
 * calls them in order through {@link Method#invoke}. It keeps no state and builds no report, so it
 * is a lower bound for such a library's per-run cost.
 */
public final class ReflectiveRunner {
  private final Method[] steps;

  private ReflectiveRunner(Method[] steps) {
    this.steps = steps;
  }

  /** Scans {@code type} for {@link ReflectiveStep} methods, ordered by {@link ReflectiveStep#order()}. */
  public static ReflectiveRunner scan(Class<?> type) {
    List<Method> found = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (m.isAnnotationPresent(ReflectiveStep.class)) {
        m.setAccessible(true);
        found.add(m);
      }
    }
    found.sort(Comparator.comparingInt(m -> m.getAnnotation(ReflectiveStep.class).order()));
    return new ReflectiveRunner(found.toArray(new Method[0]));
  }

  /** Returns how many steps were found. */
  public int size() {
    return steps.length;
  }

  /**
   * Runs every step on {@code target} in order; a step's exception stops the run and is rethrown
   * wrapped, naming the step. Returns the number of steps run.
   */
  public int run(Object target) {
    for (Method step : steps) {
      invoke(step, target);
    }
    return steps.length;
  }

  /**
   * Runs every step like {@link #run(Object)} and also times each one with {@link System#nanoTime()},
   * as the engine does for its run report: returns each step's duration in nanoseconds, in order.
   */
  public long[] runTimed(Object target) {
    long[] nanos = new long[steps.length];
    long mark = System.nanoTime();
    for (int i = 0; i < steps.length; i++) {
      invoke(steps[i], target);
      long now = System.nanoTime();
      nanos[i] = now - mark;
      mark = now;
    }
    return nanos;
  }

  private static void invoke(Method step, Object target) {
    try {
      step.invoke(target);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("step " + step.getName() + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("step " + step.getName() + " is not accessible", e);
    }
  }
}
