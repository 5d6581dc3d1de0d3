package dev.stepsengine.example.operator;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.Step;
import dev.stepsengine.WaitException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** The steps that bring a {@link Database} up; each step's state is a condition on its status. */
public final class DatabaseSteps {
  /** How long to wait before looking at the replicas again. */
  public static final Duration REPLICA_POLL = Duration.ofSeconds(15);

  private static final Set<String> ENGINES = Set.of("postgres", "mysql");

  private DatabaseSteps() {}

  // snippet:steps:start
  /** Returns the pipeline for {@code database}, driving {@code backend}. */
  public static List<Step> steps(Database database, DatabaseBackend backend) {
    DatabaseSpec spec = database.getSpec();
    return List.of(
        SimpleStep.named("validateSpec")
            .state(State.of("SpecValid").withMessage("The spec is valid"))
            .run(ctx -> {
              if (!ENGINES.contains(spec.getEngine()) || spec.getReplicas() < 1) {
                throw new IllegalArgumentException("engine must be one of " + ENGINES + " and replicas at least 1");
              }
            })
            .build(),
        SimpleStep.named("provisionStorage")
            .state(State.of("StorageReady").withReason("Provisioned"))
            .run(ctx -> backend.provisionStorage(database))
            .build(),
        SimpleStep.named("deploy")
            .state(State.of("Deployed").withReason("Deployed").withMessage("Database servers deployed"))
            .run(ctx -> backend.deploy(database))
            .build(),
        SimpleStep.named("awaitReplicas")
            .state(State.of("ReplicasReady").withMessage("All replicas are ready"))
            .run(ctx -> {
              int ready = backend.readyReplicas(database);
              if (ready < spec.getReplicas()) {
                throw WaitException.after(REPLICA_POLL, ready + " of " + spec.getReplicas() + " replicas ready");
              }
            })
            .build());
  }
  // snippet:steps:end
}
