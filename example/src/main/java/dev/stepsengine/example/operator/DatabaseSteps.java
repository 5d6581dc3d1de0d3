package dev.stepsengine.example.operator;

import dev.stepsengine.WaitException;
import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;
import dev.stepsengine.k8s.ConditionsStateKeeper;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The steps that bring a {@link Database} up; each step's state is a condition on its status. The
 * annotation processor generates {@code DatabaseStepsPipeline}, whose {@code steps(target)} calls
 * these methods directly.
 */
// snippet:steps:start
@Pipeline
public class DatabaseSteps {
  /** How long to wait before looking at the replicas again. */
  public static final Duration REPLICA_POLL = Duration.ofSeconds(15);

  private static final Set<String> ENGINES = Set.of("postgres", "mysql");

  private final Database database;
  private final DatabaseBackend backend;
  private final ConditionsStateKeeper<Database> keeper;

  /** Creates the steps for {@code database}, driving {@code backend}; status fields go through {@code keeper}. */
  public DatabaseSteps(Database database, DatabaseBackend backend, ConditionsStateKeeper<Database> keeper) {
    this.database = Objects.requireNonNull(database, "database");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.keeper = Objects.requireNonNull(keeper, "keeper");
  }

  /** A guard: a suspended database ends the run here, successfully, and later steps do not run. */
  @Step(order = 0, name = "suspendedGuard", when = "suspended", finishOnSuccess = true)
  void stopWhenSuspended() {}

  boolean suspended() {
    return database.getSpec().isSuspended();
  }

  @Step(order = 1, state = "SpecValid", message = "The spec is valid")
  void validateSpec() {
    DatabaseSpec spec = database.getSpec();
    if (!ENGINES.contains(spec.getEngine()) || spec.getReplicas() < 1) {
      throw new IllegalArgumentException("engine must be one of " + ENGINES + " and replicas at least 1");
    }
  }

  // storage is provisioned once: a spec edit re-runs the other steps, not this one (K9)
  @Step(order = 2, state = "StorageReady", reason = "Provisioned", keepAcrossSpecChanges = true)
  void provisionStorage() throws Exception {
    backend.provisionStorage(database);
  }

  @Step(order = 3, state = "Deployed", reason = "Deployed", message = "Database servers deployed")
  void deploy() throws Exception {
    backend.deploy(database);
  }

  @Step(order = 4, state = "ReplicasReady", message = "All replicas are ready")
  void awaitReplicas() throws Exception {
    int wanted = database.getSpec().getReplicas();
    int ready = backend.readyReplicas(database);
    if (ready < wanted) {
      throw WaitException.after(REPLICA_POLL, ready + " of " + wanted + " replicas ready");
    }
  }

  @Step(order = 5, state = "EndpointPublished", message = "Endpoint published in status.endpoint")
  void publishEndpoint() {
    // a status field of the step's own, in the keeper's single write (K11)
    keeper.setStatusField("endpoint", database.getSpec().getEngine() + "://" + database.getMetadata().getName()
        + "." + database.getMetadata().getNamespace() + ".svc");
  }
}
// snippet:steps:end
