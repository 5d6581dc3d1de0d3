package dev.stepsengine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks of a tree of steps: unique step names per parent and unique state names per pipeline (SEMANTICS V2, R12). */
final class StepGraph {
  private StepGraph() {}

  static void checkUniqueNames(String parent, List<PipelineStep> steps) {
    Set<String> names = new HashSet<>();
    for (PipelineStep s : steps) {
      String problem = duplicateName(parent, names, s);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
    }
  }

  /** Adds {@code step}'s name to {@code names}; returns the V2 problem when it was there already. */
  private static String duplicateName(String parent, Set<String> names, PipelineStep step) {
    return names.add(step.name()) ? null : "STEPS-V2: '" + parent + "' has two steps named '" + step.name()
        + "'; step names must be unique within their parent";
  }

  /** Returns the problems of {@code steps} as a pipeline: duplicate step names per parent, duplicate state names anywhere. */
  static List<String> problems(String root, List<PipelineStep> steps) {
    return problems(root, steps, Map.of());
  }

  /**
   * Returns the problems of {@code steps} added to a pipeline whose steps already own the state
   * names of {@code owners} (state name to step name), such as the steps a dynamic step returns.
   */
  static List<String> problems(String root, List<PipelineStep> steps, Map<String, String> owners) {
    List<String> problems = new ArrayList<>();
    collect(root, steps, new HashMap<>(owners), problems);
    return problems;
  }

  /** Returns the state names the steps of {@code steps} (groups included) own, mapped to their step names. */
  static Map<String, String> stateOwners(List<PipelineStep> steps) {
    Map<String, String> owners = new HashMap<>();
    collect("pipeline", steps, owners, new ArrayList<>());
    return Map.copyOf(owners);
  }

  /**
   * Returns the R18 problems of {@code steps} run under {@code keeper}: a step that declares outputs
   * needs a keeper (its own or the inherited one) that can store them.
   */
  static List<String> outputProblems(List<PipelineStep> steps, StateKeeper keeper) {
    List<String> problems = new ArrayList<>();
    collectOutputProblems(steps, keeper, false, problems);
    return problems;
  }

  /**
   * The R18 problems of the steps that have a keeper of their own (or inherit one from a group);
   * steps that would inherit the run's keeper are left to {@link StepsEngine#runWith}.
   */
  static List<String> outputProblemsOfOwnKeepers(List<PipelineStep> steps) {
    List<String> problems = new ArrayList<>();
    collectOutputProblems(steps, null, true, problems);
    return problems;
  }

  /** {@code runKeeper}: {@code inherited} is the keeper each run brings, unknown here, so its steps are not checked. */
  private static void collectOutputProblems(List<PipelineStep> steps, StateKeeper inherited, boolean runKeeper,
      List<String> problems) {
    for (PipelineStep s : steps) {
      StepOptions o = s.options();
      StateKeeper keeper = o.stateKeeper != null ? o.stateKeeper : inherited;
      boolean fromRun = runKeeper && o.stateKeeper == null;
      if (!o.outputs.isEmpty() && !fromRun) {
        if (keeper == null) {
          problems.add("STEPS-R18: step '" + s.name() + "' declares outputs " + o.outputs
              + " but the engine has no state keeper to store them; give the engine a keeper that supports outputs,"
              + " or build it with keeperPerRun() and run it with runWith(keeper)");
        } else if (keeper.maxOutputChars() <= 0) {
          problems.add("STEPS-R18: step '" + s.name() + "' declares outputs " + o.outputs + " but its keeper ("
              + keeper.getSummary() + ") cannot store outputs (maxOutputChars() is 0)");
        }
      }
      if (s instanceof GroupedSteps g) {
        collectOutputProblems(g.steps, keeper, fromRun, problems);
      } else if (s instanceof ParallelSteps p) {
        collectOutputProblems(p.steps, keeper, fromRun, problems);
      }
    }
  }

  private static void collect(String parent, List<PipelineStep> steps, Map<String, String> stateOwners, List<String> problems) {
    Set<String> names = new HashSet<>();
    for (PipelineStep s : steps) {
      String duplicate = duplicateName(parent, names, s);
      if (duplicate != null) {
        problems.add(duplicate);
      }
      State state = s.options().state;
      if (state != null) {
        String owner = stateOwners.putIfAbsent(state.name(), s.name());
        if (owner != null) {
          problems.add("STEPS-V2: steps '" + owner + "' and '" + s.name() + "' share the state name '"
              + state.name() + "'; give each step its own state name");
        }
      }
      if (s instanceof GroupedSteps g) {
        collect(s.name(), g.steps, stateOwners, problems);
      } else if (s instanceof ParallelSteps p) {
        collect(s.name(), p.steps, stateOwners, problems);
      }
    }
  }
}
