package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepsEngine;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K9, K12 through the real JOSDK {@link Operator} on the mock API server. */
@EnableKubernetesMockClient(crud = true)
class JosdkOperatorTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private Operator operator;

  /** Runs a one-time step, a deploy step and a non-idempotent charge step, through a JOSDK keeper. */
  @ControllerConfiguration(name = "gadget")
  static final class GadgetReconciler implements Reconciler<Gadget> {
    final AtomicInteger admins = new AtomicInteger();
    final AtomicInteger deploys = new AtomicInteger();
    final AtomicInteger charges = new AtomicInteger();
    /** Reconciles after which JOSDK's primary cache did not yet hold the keeper's write. */
    final AtomicInteger cacheBehindWrite = new AtomicInteger();
    final CountDownLatch reconciles;
    final Duration requeue;

    GadgetReconciler(int reconciles, Duration requeue) {
      this.reconciles = new CountDownLatch(reconciles);
      this.requeue = requeue;
    }

    @Override
    public UpdateControl<Gadget> reconcile(Gadget gadget, Context<Gadget> context) {
      try {
        ConditionsStateKeeper<Gadget> keeper = JosdkKeepers.builder(context).writtenVersions(null).build();
        StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).steps(
            SimpleStep.named("createAdmin").state(State.of("AdminCreated").keepAcrossSpecChanges())
                .run(ctx -> admins.incrementAndGet()).build(),
            SimpleStep.named("deploy").state("Deployed").run(ctx -> deploys.incrementAndGet()).build(),
            SimpleStep.named("charge").state("Charged").run(ctx -> charges.incrementAndGet()).build()).build();
        UpdateControl<Gadget> control = UpdateControls.of(engine.runAsReconcilerResponse());
        Gadget cached = context.getPrimaryCache().get(ResourceID.fromResource(gadget)).orElse(null);
        if (cached == null || WrittenVersions.isOlder(cached.getMetadata().getResourceVersion(),
            keeper.resource().getMetadata().getResourceVersion())) {
          cacheBehindWrite.incrementAndGet();
        }
        return requeue == null ? control : UpdateControl.<Gadget>noUpdate().rescheduleAfter(requeue);
      } finally {
        reconciles.countDown();
      }
    }
  }

  private void start(GadgetReconciler reconciler) {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd(Gadget.class)).create();
    operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(false));
    operator.register(reconciler);
    operator.start();
  }

  @AfterEach
  void stop() {
    if (operator != null) {
      operator.stop();
    }
  }

  private Gadget awaitReadyAt(long generation) {
    return client.resources(Gadget.class).inNamespace("default").withName("g").waitUntilCondition(g -> {
      Condition ready = g == null ? null : Widgets.condition(g, "Ready");
      return ready != null && "True".equals(ready.getStatus()) && ready.getObservedGeneration() == generation;
    }, 60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("K9: through the JOSDK Operator a spec edit re-runs the steps, except the one kept across spec changes")
  void k9_specEditThroughTheOperator() {
    GadgetReconciler reconciler = new GadgetReconciler(1, null);
    start(reconciler);
    Widgets.createGadget(client, "default", "g");
    awaitReadyAt(1);

    Widgets.editSpec(client, "default", "g", 4);
    Gadget edited = awaitReadyAt(2);

    assertThat(reconciler.admins).hasValue(1);
    assertThat(reconciler.deploys).hasValue(2);
    assertThat(edited.getStatus().getObservedGeneration()).isEqualTo(2L);
    assertThat(edited.getStatus().getConditions()).extracting(Condition::getObservedGeneration).containsOnly(2L);
  }

  @Test
  @DisplayName("K12: a non-idempotent step runs exactly once although every reconcile is requeued at once; JOSDK's cache holds each keeper write")
  void k12_immediateRequeueRunsTheStepOnce() throws InterruptedException {
    GadgetReconciler reconciler = new GadgetReconciler(6, Duration.ofMillis(1));
    start(reconciler);
    Widgets.createGadget(client, "default", "g");

    assertThat(reconciler.reconciles.await(60, TimeUnit.SECONDS)).as("six reconciles").isTrue();

    assertThat(reconciler.charges).hasValue(1);
    assertThat(reconciler.deploys).hasValue(1);
    assertThat(reconciler.cacheBehindWrite).as("the keeper's write is in JOSDK's cache before the next reconcile").hasValue(0);
  }
}
