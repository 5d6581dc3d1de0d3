package dev.stepsengine.benchmarks;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;

/**
 * The workload of the per-step benchmarks: ten trivial steps that each update a counter, so every
 * runner does the same work and the difference between runners is their own overhead. The methods
 * carry {@link PipelineStep} (the processor generates {@code TenStepsPipeline} from them; each step tracks
 * a state, which is only used when the engine has a keeper) and {@link ReflectiveStep} for the
 * reflective runner; Spring Batch calls them through lambdas.
 */
@Pipeline
public class TenSteps {
  /** The number of steps of the pipeline. */
  public static final int STEPS = 10;

  private long counter;

  /** Returns false (unless the counter overflowed): the engine-wide predicate of benchmark 8, not foldable to a constant. */
  public boolean deleting() {
    return counter < 0;
  }

  /** Returns the counter, so the work of a run cannot be optimised away. */
  public long counter() {
    return counter;
  }

  /** Step 1. */
  @Step(order = 1, state = "Step1Done")
  @ReflectiveStep(order = 1)
  public void step1() {
    counter += 1;
  }

  /** Step 2. */
  @Step(order = 2, state = "Step2Done")
  @ReflectiveStep(order = 2)
  public void step2() {
    counter += 2;
  }

  /** Step 3. */
  @Step(order = 3, state = "Step3Done")
  @ReflectiveStep(order = 3)
  public void step3() {
    counter += 3;
  }

  /** Step 4. */
  @Step(order = 4, state = "Step4Done")
  @ReflectiveStep(order = 4)
  public void step4() {
    counter += 4;
  }

  /** Step 5. */
  @Step(order = 5, state = "Step5Done")
  @ReflectiveStep(order = 5)
  public void step5() {
    counter += 5;
  }

  /** Step 6. */
  @Step(order = 6, state = "Step6Done")
  @ReflectiveStep(order = 6)
  public void step6() {
    counter += 6;
  }

  /** Step 7. */
  @Step(order = 7, state = "Step7Done")
  @ReflectiveStep(order = 7)
  public void step7() {
    counter += 7;
  }

  /** Step 8. */
  @Step(order = 8, state = "Step8Done")
  @ReflectiveStep(order = 8)
  public void step8() {
    counter += 8;
  }

  /** Step 9. */
  @Step(order = 9, state = "Step9Done")
  @ReflectiveStep(order = 9)
  public void step9() {
    counter += 9;
  }

  /** Step 10. */
  @Step(order = 10, state = "Step10Done")
  @ReflectiveStep(order = 10)
  public void step10() {
    counter += 10;
  }

  /** Runs the ten steps as hand-written direct calls: the floor every runner is compared with. */
  public long runDirectly() {
    step1();
    step2();
    step3();
    step4();
    step5();
    step6();
    step7();
    step8();
    step9();
    step10();
    return counter;
  }
}
