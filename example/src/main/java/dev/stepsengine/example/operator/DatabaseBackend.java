package dev.stepsengine.example.operator;

/**
 * The infrastructure the operator drives. A real operator would create volumes and a StatefulSet
 * here; the example ships a {@link #simulated() simulated} one so it runs anywhere.
 */
public interface DatabaseBackend {
  /** Creates (or finds) the storage of {@code database}; idempotent. */
  void provisionStorage(Database database) throws Exception;

  /** Deploys (or updates) the database servers; idempotent. */
  void deploy(Database database) throws Exception;

  /** Returns how many replicas of {@code database} are ready now. */
  int readyReplicas(Database database) throws Exception;

  /** Removes the database servers of {@code database} (its deletion flow); idempotent. */
  default void removeServers(Database database) throws Exception {}

  /** Releases the storage of {@code database} (its deletion flow); idempotent. */
  default void releaseStorage(Database database) throws Exception {}

  /** Returns a backend whose every operation succeeds at once, with all replicas ready. */
  static DatabaseBackend simulated() {
    return new DatabaseBackend() {
      @Override
      public void provisionStorage(Database database) {}

      @Override
      public void deploy(Database database) {}

      @Override
      public int readyReplicas(Database database) {
        return database.getSpec().getReplicas();
      }
    };
  }
}
