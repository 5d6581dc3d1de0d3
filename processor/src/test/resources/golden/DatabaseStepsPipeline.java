package test;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepAction;
import dev.stepsengine.StepContext;
import dev.stepsengine.StepsEngine;
import java.util.List;
import java.util.Objects;
import javax.annotation.processing.Generated;

/**
 * The steps of {@link DatabaseSteps}, generated from its {@code @Step} methods; do not edit.
 */
@Generated(
    value = "dev.stepsengine.processor.StepsProcessor",
    comments = "from test.DatabaseSteps"
)
public final class DatabaseStepsPipeline {
  /**
   * State name of step {@code createSchema}.
   */
  public static final String SCHEMA_CREATED = "SchemaCreated";

  /**
   * State name of step {@code seed}.
   */
  public static final String DATA_SEEDED = "DataSeeded";

  /**
   * Name of step {@code createSchema}.
   */
  public static final String STEP_CREATE_SCHEMA = "createSchema";

  /**
   * Name of step {@code seed}.
   */
  public static final String STEP_SEED = "seed";

  /**
   * Every state name of this pipeline, in step order.
   */
  public static final List<String> STATE_NAMES = List.of(SCHEMA_CREATED, DATA_SEEDED);

  private DatabaseStepsPipeline() {
  }

  /**
   * Returns the steps of {@code target}, in order; each calls a method of {@code target} directly.
   */
  public static List<PipelineStep> steps(DatabaseSteps target) {
    Objects.requireNonNull(target, "target");
    return Steps1.steps(target);
  }

  /**
   * Returns an engine builder with the steps of {@code target}; set a state keeper and build it.
   */
  public static StepsEngine.Builder engine(DatabaseSteps target) {
    return StepsEngine.builder().steps(steps(target));
  }

  /**
   * Steps {@code createSchema} to {@code seed}.
   */
  private static final class Steps1 {
    private Steps1() {
    }

    /**
     * Returns the steps of this part, in order.
     */
    static List<PipelineStep> steps(DatabaseSteps target) {
      return List.of(
          createSchemaStep(target),
          seedStep(target));
    }

    private static PipelineStep createSchemaStep(DatabaseSteps target) {
      return SimpleStep.named("createSchema")
          .state(State.of(SCHEMA_CREATED))
          .run(new Actions(target, 0))
          .build();
    }

    private static PipelineStep seedStep(DatabaseSteps target) {
      return SimpleStep.named("seed")
          .state(State.of(DATA_SEEDED))
          .run(new Actions(target, 1))
          .build();
    }

    /**
     * Calls the target's method number {@code index} of this part as a {@link StepAction}.
     */
    private static final class Actions implements StepAction {
      private final DatabaseSteps target;

      private final int index;

      Actions(DatabaseSteps target, int index) {
        this.target = target;
        this.index = index;
      }

      @Override
      public void run(StepContext ctx) throws Exception {
        switch (index) {
          case 0 -> target.createSchema();
          case 1 -> target.seed();
          default -> throw new AssertionError(index);
        }
      }
    }
  }
}
