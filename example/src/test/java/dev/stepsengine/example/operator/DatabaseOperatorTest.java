package dev.stepsengine.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The whole loop: a JOSDK {@link Operator} with the example reconciler against the mock API server. */
@EnableKubernetesMockClient(crud = true)
class DatabaseOperatorTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private Operator operator;

  @AfterEach
  void stopOperator() {
    if (operator != null) {
      operator.stop();
    }
  }

  @Test
  @DisplayName("K8: the Operator reconciles a new Database to all conditions True with one status write")
  void operatorDrivesDatabaseToReady() throws InterruptedException {
    AtomicInteger deploys = new AtomicInteger();
    DatabaseBackend backend = new DatabaseBackend() {
      @Override
      public void provisionStorage(Database database) {}

      @Override
      public void deploy(Database database) {
        deploys.incrementAndGet();
      }

      @Override
      public int readyReplicas(Database database) {
        return database.getSpec().getReplicas();
      }
    };
    // snippet:mock-operator:start
    client.apiextensions().v1().customResourceDefinitions().resource(DatabaseFixtures.crd(client)).create();
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(false));
    operator.register(new DatabaseReconciler(backend));
    operator.start();
    // snippet:mock-operator:end

    DatabaseFixtures.create(client, "orders", 2);
    Database ready = client.resources(Database.class).inNamespace("default").withName("orders")
        .waitUntilCondition(DatabaseOperatorTest::allTrue, 60, TimeUnit.SECONDS);

    assertThat(ready.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("SpecValid", "StorageReady", "Deployed", "ReplicasReady");
    assertThat(deploys).hasValue(1);
    assertThat(statusWrites()).isEqualTo(1);
  }

  private static boolean allTrue(Database db) {
    return db != null && db.getStatus() != null && db.getStatus().getConditions().size() == 4
        && db.getStatus().getConditions().stream().allMatch(c -> "True".equals(c.getStatus()));
  }

  private long statusWrites() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      requests.add(r);
    }
    return requests.stream()
        .filter(r -> !"GET".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/status"))
        .count();
  }
}
