package dev.stepsengine.example.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example reconciler against the fabric8 mock API server (CRUD mode, real HTTP). */
@EnableKubernetesMockClient(crud = true)
class DatabaseReconcilerTest {
  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  @DisplayName("K8, K10, K11, R13: the first reconcile drives every condition and Ready True, publishes the endpoint, requeues after 30 s")
  void firstReconcileDrivesAllConditionsTrue() {
    Database db = DatabaseFixtures.install(client, "orders", 3);

    UpdateControl<Database> control = new DatabaseReconciler(TestBackend.healthy()).reconcile(db, client);

    Database stored = DatabaseFixtures.read(client, "orders");
    assertThat(stored.getStatus().getConditions()).extracting(Condition::getType, Condition::getStatus)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("SpecValid", "True"),
            org.assertj.core.groups.Tuple.tuple("StorageReady", "True"),
            org.assertj.core.groups.Tuple.tuple("Deployed", "True"),
            org.assertj.core.groups.Tuple.tuple("ReplicasReady", "True"),
            org.assertj.core.groups.Tuple.tuple("EndpointPublished", "True"),
            org.assertj.core.groups.Tuple.tuple("Ready", "True"));
    assertThat(stored.getStatus().getEndpoint()).isEqualTo("postgres://orders.default.svc");
    assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(stored.getMetadata().getGeneration());
    assertThat(stored.getStatus().getConditions()).allSatisfy(c ->
        assertThat(c.getObservedGeneration()).isEqualTo(stored.getMetadata().getGeneration()));
    assertThat(control.isNoUpdate()).isTrue();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(30).toMillis());
  }

  @Test
  @DisplayName("R7a, K14: the guard step of a suspended Database finishes the run successfully before any other step; with event-driven controls nothing is rescheduled")
  void suspendedGuardFinishesTheRun() {
    Database db = DatabaseFixtures.install(client, "orders", 1);
    db.getSpec().setSuspended(true);
    TestBackend backend = TestBackend.healthy();

    UpdateControl<Database> control = new DatabaseReconciler(backend, dev.stepsengine.ReconcilePolicy.defaults(),
        dev.stepsengine.k8s.ReconcileControls.builder().build()).reconcile(db, client);

    Database stored = DatabaseFixtures.read(client, "orders");
    // no step ran past the guard: the only condition is the run's summary (K10), Ready and True
    assertThat(stored.getStatus().getConditions())
        .extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("Ready=True");
    assertThat(backend.deploys).hasValue(0);
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  @DisplayName("K8, R13: a step that throws WaitException requeues after its delay; its condition is Unknown/Waiting")
  void waitingStepYieldsItsDelay() {
    Database db = DatabaseFixtures.install(client, "orders", 3);

    UpdateControl<Database> control = new DatabaseReconciler(TestBackend.readyReplicas(1)).reconcile(db, client);

    Condition replicas = DatabaseFixtures.condition(DatabaseFixtures.read(client, "orders"), "ReplicasReady");
    assertThat(control.getScheduleDelay()).contains(DatabaseSteps.REPLICA_POLL.toMillis());
    assertThat(replicas).extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("Unknown", "Waiting", "1 of 3 replicas ready");
  }

  @Test
  @DisplayName("K1, K8, R13: a failing step becomes False/Error and requeues after 10 s; later steps stay unwritten")
  void failingStepYieldsFalseAndTenSeconds() {
    Database db = DatabaseFixtures.install(client, "orders", 3);
    UpdateControl<Database> control = new DatabaseReconciler(TestBackend.failingDeploys(1)).reconcile(db, client);

    Database stored = DatabaseFixtures.read(client, "orders");
    assertThat(DatabaseFixtures.condition(stored, "Deployed"))
        .extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "Error");
    assertThat(DatabaseFixtures.condition(stored, "Deployed").getMessage()).contains("image pull failed");
    assertThat(DatabaseFixtures.condition(stored, "ReplicasReady")).isNull();
    assertThat(control.getScheduleDelay()).contains(Duration.ofSeconds(10).toMillis());
  }

  @Test
  @DisplayName("The shipped CRD YAML matches the Database class and has the status subresource")
  void crdYamlMatchesTheClass() {
    CustomResourceDefinition crd = DatabaseFixtures.crd(client);

    assertThat(crd.getMetadata().getName()).isEqualTo(io.fabric8.kubernetes.api.model.HasMetadata.getFullResourceName(Database.class));
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(io.fabric8.kubernetes.api.model.HasMetadata.getKind(Database.class));
    assertThat(crd.getSpec().getVersions()).singleElement().satisfies(v -> {
      assertThat(v.getName()).isEqualTo(io.fabric8.kubernetes.api.model.HasMetadata.getVersion(Database.class));
      assertThat(v.getSubresources().getStatus()).isNotNull();
    });
  }

  @Test
  @DisplayName("K9, K10: a spec edit re-runs every step but the one kept across spec changes; all conditions and Ready move to the new generation")
  void specEditReRunsTheStepsThatDependOnIt() {
    Database db = DatabaseFixtures.install(client, "orders", 1);
    TestBackend backend = TestBackend.healthy();
    DatabaseReconciler reconciler = new DatabaseReconciler(backend);
    reconciler.reconcile(db, client);
    reconciler.reconcile(DatabaseFixtures.read(client, "orders"), client);
    assertThat(backend.deploys).as("steady state runs nothing").hasValue(1);

    Database edited = DatabaseFixtures.read(client, "orders");
    edited.getSpec().setReplicas(3);
    edited = client.resource(edited).update();
    long generation = edited.getMetadata().getGeneration();
    assertThat(generation).as("the spec edit bumped the generation").isGreaterThan(1);
    reconciler.reconcile(edited, client);

    assertThat(backend.deploys).as("deploy depends on the spec: it ran again").hasValue(2);
    assertThat(backend.provisions).as("storage is kept across spec changes").hasValue(1);
    Database stored = DatabaseFixtures.read(client, "orders");
    assertThat(stored.getStatus().getConditions()).allSatisfy(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getObservedGeneration()).isEqualTo(generation);
    });
    assertThat(stored.getStatus().getObservedGeneration()).isEqualTo(generation);
  }
}
