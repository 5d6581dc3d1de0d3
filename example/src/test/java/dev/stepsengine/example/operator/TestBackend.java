package dev.stepsengine.example.operator;

import java.util.concurrent.atomic.AtomicInteger;

/** A scripted {@link DatabaseBackend} for tests: the first deploys may fail, replicas may lag; counts deploys. */
final class TestBackend implements DatabaseBackend {
  final AtomicInteger deploys = new AtomicInteger();
  final AtomicInteger provisions = new AtomicInteger();
  final AtomicInteger releases = new AtomicInteger();
  /** How many storage releases (the deletion flow) fail with "volume still attached". */
  final AtomicInteger failingReleases = new AtomicInteger();
  private final int failingDeploys;
  private final Integer readyReplicas;

  private TestBackend(int failingDeploys, Integer readyReplicas) {
    this.failingDeploys = failingDeploys;
    this.readyReplicas = readyReplicas;
  }

  /** Returns a backend where everything works and every replica is ready. */
  static TestBackend healthy() {
    return new TestBackend(0, null);
  }

  /** Returns a backend whose first {@code count} deploys fail with "image pull failed". */
  static TestBackend failingDeploys(int count) {
    return new TestBackend(count, null);
  }

  /** Returns a backend with only {@code ready} replicas ready. */
  static TestBackend readyReplicas(int ready) {
    return new TestBackend(0, ready);
  }

  @Override
  public void provisionStorage(Database database) {
    provisions.incrementAndGet();
  }

  @Override
  public void deploy(Database database) {
    if (deploys.incrementAndGet() <= failingDeploys) {
      throw new IllegalStateException("image pull failed");
    }
  }

  @Override
  public int readyReplicas(Database database) {
    return readyReplicas != null ? readyReplicas : database.getSpec().getReplicas();
  }

  @Override
  public void releaseStorage(Database database) {
    if (releases.incrementAndGet() <= failingReleases.get()) {
      throw new IllegalStateException("volume still attached");
    }
  }
}
