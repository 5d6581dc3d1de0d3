package dev.stepsengine.benchmarks;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.Step;
import dev.stepsengine.StepAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The ten steps of {@link TenSteps} as engine steps built with the runtime's builder API, the way
 * generated pipelines build them: one {@link SimpleStep} per method, a lambda calling it directly.
 */
public final class EnginePipelines {
  private EnginePipelines() {}

  /** Returns the state names used by {@link #tracked(TenSteps)}, in step order. */
  public static String[] stateNames() {
    String[] names = new String[TenSteps.STEPS];
    for (int i = 0; i < names.length; i++) {
      names[i] = "Step" + (i + 1) + "Done";
    }
    return names;
  }

  /** Returns the ten steps without state tracking: the engine's hot path. */
  public static List<Step> untracked(TenSteps target) {
    return build(target, false);
  }

  /** Returns the ten steps, each tracking the state named by {@link #stateNames()}. */
  public static List<Step> tracked(TenSteps target) {
    return build(target, true);
  }

  private static List<Step> build(TenSteps target, boolean tracked) {
    StepAction[] actions = {
      ctx -> target.step1(), ctx -> target.step2(), ctx -> target.step3(), ctx -> target.step4(),
      ctx -> target.step5(), ctx -> target.step6(), ctx -> target.step7(), ctx -> target.step8(),
      ctx -> target.step9(), ctx -> target.step10(),
    };
    String[] states = stateNames();
    List<Step> steps = new ArrayList<>(actions.length);
    for (int i = 0; i < actions.length; i++) {
      SimpleStep.Builder b = SimpleStep.named("step" + (i + 1)).run(actions[i]);
      if (tracked) {
        b.state(states[i]);
      }
      steps.add(b.build());
    }
    return List.copyOf(steps);
  }
}
