package dev.stepsengine;

import java.util.ArrayList;
import java.util.List;

/**
 * The work of a step once its checks passed, one kind per step type: an action, a sequence of
 * children (R11), parallel children (R10), or children built on every run (R12). Built once per
 * step with its lifecycle.
 */
abstract class StepBody {

  /** Runs one attempt of the step's work; an exception is the attempt's failure. */
  abstract void run(StepExecution x) throws Exception;

  static StepBody of(PipelineStep step, StepsEngine engine) {
    if (step instanceof SimpleStep s) {
      return new Action(s.action);
    } else if (step instanceof GroupedSteps g) {
      return new Sequence(StepLifecycle.all(g.steps, engine));
    } else if (step instanceof ParallelSteps p) {
      return new Parallel(p, StepLifecycle.all(p.steps, engine));
    }
    return new Dynamic((DynamicStep) step);
  }

  /** Runs a plain step's action once, with the MDC key {@code step} set (R14); returns its failure, or null. */
  static Throwable runPlain(SimpleStep step, StepContext ctx, String name) {
    String previousMdc = Mdc.ACTIVE ? Mdc.enter(name) : null;
    try {
      step.action.run(ctx);
      return null;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Throwable failure) {
      return failure;
    } finally {
      if (Mdc.ACTIVE) {
        Mdc.leave(previousMdc);
      }
    }
  }

  /** Runs {@code steps} as a nested sequence of step {@code x}; throws what stops it. */
  static void runNested(StepExecution x, List<StepLifecycle> steps, List<PipelineStep> declared) {
    Reports children = x.nestChildren(declared);
    Next next = x.run.runSequence(x.childScope(), steps, children, System.nanoTime());
    if (next.stops()) {
      throw next.stop;
    }
  }

  private static final class Action extends StepBody {
    private final StepAction action;

    Action(StepAction action) {
      this.action = action;
    }

    @Override
    void run(StepExecution x) throws Exception {
      action.run(x.ctx);
    }
  }

  private static final class Sequence extends StepBody {
    private final List<StepLifecycle> children;
    private final List<PipelineStep> declared;

    Sequence(List<StepLifecycle> children) {
      this.children = children;
      this.declared = declared(children);
    }

    @Override
    void run(StepExecution x) {
      runNested(x, children, declared);
    }
  }

  private static final class Parallel extends StepBody {
    private final ParallelSteps group;
    private final List<StepLifecycle> children;
    private final List<PipelineStep> declared;

    Parallel(ParallelSteps group, List<StepLifecycle> children) {
      this.group = group;
      this.children = children;
      this.declared = declared(children);
    }

    @Override
    void run(StepExecution x) {
      new ParallelRun(x.run, group, children, x.childScope(), x.nestChildren(declared)).run();
    }
  }

  private static final class Dynamic extends StepBody {
    private final DynamicStep step;

    Dynamic(DynamicStep step) {
      this.step = step;
    }

    @Override
    void run(StepExecution x) throws Exception {
      String name = step.name();
      List<PipelineStep> steps = step.supplier.steps(x.ctx);
      if (steps == null) {
        throw new IllegalStateException("dynamic step '" + name + "' returned null instead of a list of steps (SEMANTICS R12)");
      }
      steps = new ArrayList<>(steps);
      for (int i = 0; i < steps.size(); i++) {
        if (steps.get(i) == null) {
          throw new IllegalStateException("dynamic step '" + name + "' returned null at index " + i
              + " of its " + steps.size() + " steps (SEMANTICS R12)");
        }
      }
      List<String> problems = StepGraph.problems(name, steps, x.run.engine.stateOwners);
      problems.addAll(StepGraph.outputProblems(steps, x.keeper));
      if (problems.isEmpty()) {
        problems.addAll(x.run.claimStates(x.path(), StepGraph.stateOwners(steps).keySet()));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("dynamic step '" + name + "' returned invalid steps: "
            + String.join("; ", problems));
      }
      runNested(x, StepLifecycle.all(steps, x.run.engine), steps);
    }
  }

  private static List<PipelineStep> declared(List<StepLifecycle> children) {
    List<PipelineStep> out = new ArrayList<>(children.size());
    children.forEach(c -> out.add(c.step));
    return List.copyOf(out);
  }
}
