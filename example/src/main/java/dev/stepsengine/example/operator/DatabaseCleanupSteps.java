package dev.stepsengine.example.operator;

import dev.stepsengine.annotation.Pipeline;
import dev.stepsengine.annotation.Step;
import java.util.Objects;

/**
 * The deletion flow of a {@link Database}, run from the reconciler's {@code cleanup} while the
 * object is terminating; JOSDK removes its finalizer only once every step here has succeeded. Each
 * step's state is a condition too, so {@code kubectl get -o yaml} shows why a deletion is stuck.
 * The annotation processor generates {@code DatabaseCleanupStepsPipeline}.
 */
// snippet:cleanup-steps:start
@Pipeline
public class DatabaseCleanupSteps {
  private final Database database;
  private final DatabaseBackend backend;

  /** Creates the deletion steps for {@code database}, driving {@code backend}. */
  public DatabaseCleanupSteps(Database database, DatabaseBackend backend) {
    this.database = Objects.requireNonNull(database, "database");
    this.backend = Objects.requireNonNull(backend, "backend");
  }

  @Step(order = 1, state = "ServersRemoved", reason = "Removed", message = "Database servers removed")
  void removeServers() throws Exception {
    backend.removeServers(database);
  }

  @Step(order = 2, state = "StorageReleased", reason = "Released", message = "Storage released")
  void releaseStorage() throws Exception {
    backend.releaseStorage(database);
  }
}
// snippet:cleanup-steps:end
