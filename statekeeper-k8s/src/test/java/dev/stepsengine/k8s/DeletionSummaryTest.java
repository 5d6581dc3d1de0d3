package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


@EnableKubernetesMockClient(crud = true)
/** K10 and K14: the summary a deletion run leaves on the object. */
class DeletionSummaryTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

  @BeforeEach
  void installCrd() throws InterruptedException {
    Widgets.installGadget(client, server);
  }

  @Test
  @DisplayName("K10, K14: a failed deletion run with PER_CHANGE leaves no Ready=Unknown/InProgress behind once it has ended")
  void failedDeletionLeavesNoInProgressSummary() {
    ConditionsStateKeeper<Gadget> keeper = ConditionsStateKeeper.builder(client, Widgets.readGadget(client, "default", "g"))
        .writePolicy(WritePolicy.PER_CHANGE).kstatusConditions(true).clock(clock).build();
    StepsEngine cleanup = StepsEngine.builder().clock(clock).steps(SimpleStep.named("dropData").state("DataDropped")
        .run(ctx -> {
          throw new IllegalStateException("volume still attached");
        }).build()).build();

    DeleteControl control = DeleteControls.run(keeper, cleanup);
    Gadget after = Widgets.readGadget(client, "default", "g");

    assertThat(control.isRemoveFinalizer()).isFalse();
    assertThat(Widgets.condition(after, "DataDropped").getStatus()).isEqualTo("False");
    Condition ready = Widgets.condition(after, "Ready");
    assertThat(ready == null ? null : ready.getStatus() + "/" + ready.getReason())
        .as("the run is over: no 'a reconcile is in progress'").isNotEqualTo("Unknown/InProgress");
    assertThat(Widgets.condition(after, "Reconciling").getStatus()).as("kstatus Reconciling after the run ended")
        .isNotEqualTo("True");
  }
}
