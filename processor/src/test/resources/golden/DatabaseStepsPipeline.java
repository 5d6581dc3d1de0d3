package test;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.Step;
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
   * Every state name of this pipeline, in step order.
   */
  public static final List<String> STATE_NAMES = List.of(SCHEMA_CREATED, DATA_SEEDED);

  private DatabaseStepsPipeline() {
  }

  /**
   * Returns the steps of {@code target}, in order; each calls a method of {@code target} directly.
   */
  public static List<Step> steps(DatabaseSteps target) {
    Objects.requireNonNull(target, "target");
    return List.of(
        createSchemaStep(target),
        seedStep(target));
  }

  /**
   * Returns an engine builder with the steps of {@code target}; set a state keeper and build it.
   */
  public static StepsEngine.Builder engine(DatabaseSteps target) {
    return StepsEngine.builder().steps(steps(target));
  }

  /**
   * Step {@code createSchema}: calls {@code createSchema}.
   */
  private static Step createSchemaStep(DatabaseSteps target) {
    return SimpleStep.named("createSchema")
        .state(State.of(SCHEMA_CREATED))
        .run(ctx -> target.createSchema())
        .build();
  }

  /**
   * Step {@code seed}: calls {@code seed}.
   */
  private static Step seedStep(DatabaseSteps target) {
    return SimpleStep.named("seed")
        .state(State.of(DATA_SEEDED))
        .run(ctx -> target.seed())
        .build();
  }
}
