package dev.stepsengine.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.ReconcilePolicy;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole loop: a JOSDK {@link Operator} with the example reconciler against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class DatabaseOperatorTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private Operator operator;

  private void startOperator(DatabaseBackend backend, ReconcilePolicy policy) {
    // snippet:mock-operator:start
    client.apiextensions().v1().customResourceDefinitions().resource(DatabaseFixtures.crd(client)).create();
    // server-side apply off only because the mock server lacks it (415); production keeps JOSDK's default
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(false));
    operator.register(new DatabaseReconciler(backend, policy));
    operator.start();
    // snippet:mock-operator:end
  }

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  @DisplayName("K8: the Operator reconciles a new Database to all conditions True with one status write")
  void operatorDrivesDatabaseToReady() throws InterruptedException {
    TestBackend backend = TestBackend.healthy();
    startOperator(backend, ReconcilePolicy.defaults());

    DatabaseFixtures.create(client, "orders", 2);
    Database ready = awaitAllTrue();

    assertThat(ready.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("SpecValid", "StorageReady", "Deployed", "ReplicasReady", "EndpointPublished", "Ready");
    assertThat(backend.deploys).hasValue(1);
    List<RecordedRequest> requests = drain();
    assertThat(statusWrites(requests)).isEqualTo(1);
    assertThat(mainWrites(requests)).as("JOSDK adds its finalizer in a dispatch of its own").isEqualTo(1);
  }

  @Test
  @DisplayName("K14: deleting runs the deletion flow; a failing step keeps the finalizer (one status write), the rescheduled run removes it (no status write) and the Database is gone")
  void deletionFlowHoldsTheFinalizerUntilItSucceeds() throws InterruptedException {
    TestBackend backend = TestBackend.healthy();
    backend.failingReleases.set(1);
    startOperator(backend, ReconcilePolicy.builder().onFailure(Duration.ofMillis(300)).build());
    DatabaseFixtures.create(client, "orders", 1);
    awaitAllTrue();
    drain();

    client.resources(Database.class).inNamespace("default").withName("orders").delete();
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(30, TimeUnit.SECONDS); r != null; r = server.takeRequest(30, TimeUnit.SECONDS)) {
      requests.add(r);
      if ("PATCH".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/databases/orders")) {
        break; // JOSDK's removal of the finalizer: the mock deletes the object with it
      }
    }

    assertThat(backend.releases).hasValue(2);
    assertThat(statusWrites(requests)).as("the failed deletion run's conditions; the successful run writes none").isEqualTo(1);
    assertThat(mainWrites(requests)).as("the finalizer's removal").isEqualTo(1);
    assertThat(DatabaseFixtures.read(client, "orders")).isNull();
  }

  @Test
  @DisplayName("K8, R13: a failed reconcile is rescheduled by JOSDK after the policy's failure delay and then succeeds")
  void operatorReschedulesAfterFailure() {
    TestBackend backend = TestBackend.failingDeploys(1);
    startOperator(backend, ReconcilePolicy.builder().onFailure(Duration.ofMillis(200)).build());

    DatabaseFixtures.create(client, "orders", 1);
    Database ready = awaitAllTrue();

    assertThat(backend.deploys).hasValue(2);
    assertThat(DatabaseFixtures.condition(ready, "Deployed").getReason()).isEqualTo("Deployed");
  }

  /** Waits on a watch, not a sleep, until the five conditions and Ready are True. */
  private Database awaitAllTrue() {
    return client.resources(Database.class).inNamespace("default").withName("orders")
        .waitUntilCondition(db -> db != null && db.getStatus() != null && db.getStatus().getConditions().size() == 6
            && db.getStatus().getConditions().stream().allMatch(c -> "True".equals(c.getStatus())),
            60, TimeUnit.SECONDS);
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    return requests;
  }

  private static long statusWrites(List<RecordedRequest> requests) {
    return requests.stream()
        .filter(r -> !"GET".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/status"))
        .count();
  }

  /** Writes of the main resource by the operator (the test's own POST and DELETE left out). */
  private static long mainWrites(List<RecordedRequest> requests) {
    return requests.stream()
        .filter(r -> ("PATCH".equals(r.getMethod()) || "PUT".equals(r.getMethod()))
            && !r.getPath().split("\\?")[0].endsWith("/status"))
        .count();
  }
}
