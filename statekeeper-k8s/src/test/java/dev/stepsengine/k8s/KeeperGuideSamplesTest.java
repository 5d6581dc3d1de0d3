package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepsEngine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The samples of docs/kubernetes.md (K9–K13), compiled and run against the mock server. */
@EnableKubernetesMockClient(crud = true)
class KeeperGuideSamplesTest {
  KubernetesMockServer server;
  KubernetesClient client;
  Gadget gadget;

  @BeforeEach
  void install() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd(Gadget.class)).create();
    gadget = Widgets.createGadget(client, "default", "g");
  }

  @Test
  @DisplayName("K9, K10, K13 samples: the keeper's settings build and run")
  void settings() {
    // snippet:k9-keep:start
    PipelineStep createAdmin = SimpleStep.named("createAdmin")
        .state(State.of("AdminCreated").keepAcrossSpecChanges()) // one-time: not re-run after a spec edit
        .run(ctx -> { /* create the admin user */ })
        .build();
    // snippet:k9-keep:end
    // snippet:k10-settings:start
    ConditionsStateKeeper<Gadget> keeper = ConditionsStateKeeper.builder(client, gadget)
        .generationAware(true)               // K9, the default; false = the Go behaviour (True is final)
        .summaryCondition("Ready")           // K10, the default; withoutSummaryCondition() turns it off
        .kstatusConditions(true)             // K10: Reconciling / Stalled for kstatus, Argo CD, Flux
        .throttleStorage(ThrottleStorage.STATUS) // K13, the default; ANNOTATION = the K7 annotation
        .build();
    // snippet:k10-settings:end
    StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).steps(createAdmin).build().run();

    assertThat(Widgets.condition(Widgets.readGadget(client, "default", "g"), "Ready").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName("K11 samples: a step that writes the object, a status field, a reset")
  void stepsThatWriteTheObject() {
    ConditionsStateKeeper<Gadget> keeper = ConditionsStateKeeper.of(client, gadget);
    // snippet:k11-refresh:start
    PipelineStep markStarted = SimpleStep.named("markStarted").state("StartRecorded").run(ctx -> {
      Gadget mine = keeper.resource();            // the object as the keeper holds it
      mine.getStatus().setStartedAt("2026-03-01T10:00:00Z");
      keeper.refresh(client.resource(mine).updateStatus()); // adopt the answer: no 409 later
    }).build();
    // snippet:k11-refresh:end
    // snippet:k11-fields:start
    PipelineStep phase = SimpleStep.named("phase").run(ctx -> keeper.setStatusField("phase", "Running")).build();
    PipelineStep restart = SimpleStep.named("restart")
        .when(keeper.isTrueFor("Degraded", Duration.ofMinutes(5)))   // a grace period from lastTransitionTime
        .run(ctx -> keeper.resetStates("StartRecorded"))           // later steps see it pending
        .build();
    // snippet:k11-fields:end
    gadget.setStatus(new Gadget.Status());
    StepsEngine.builder().stateKeeper(keeper).steps(List.of(markStarted, phase, restart)).build().run();

    Gadget stored = Widgets.readGadget(client, "default", "g");
    assertThat(stored.getStatus().getStartedAt()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(stored.getStatus().getPhase()).isEqualTo("Running");
    assertThat(Widgets.condition(stored, "StartRecorded").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName("K12 sample: without JOSDK, keepers remember the versions they wrote")
  void readYourWrites() {
    // snippet:k12-versions:start
    ConditionsStateKeeper<Gadget> keeper = ConditionsStateKeeper.builder(client, gadget)
        .writtenVersions(WrittenVersions.shared()) // the default: re-read an object older than our last write
        .build();
    // snippet:k12-versions:end
    assertThat(keeper.resource().getMetadata().getName()).isEqualTo("g");
  }

  @Test
  @DisplayName("K11, K13 sample: an engine built once, run over a keeper per reconcile")
  void engineBuiltOnce() {
    List<String> deployed = new java.util.ArrayList<>();
    // snippet:engine-once:start
    StepsEngine engine = StepsEngine.builder()           // built once, when the controller starts
        .steps(SimpleStep.named("deploy").state("Deployed").run(ctx -> {
          Gadget gadget = ConditionsStateKeeper.from(ctx, Gadget.class).resource(); // this reconcile's object
          deployed.add(gadget.getMetadata().getName());
        }).build())
        .build();

    // per reconcile: only the keeper is new; throttle times go to its status field (K13)
    ReconcileResult result = engine.reconcileWith(ConditionsStateKeeper.of(client, gadget));
    // snippet:engine-once:end

    assertThat(result.isSuccess()).isTrue();
    assertThat(deployed).containsExactly("g");
    assertThat(Widgets.condition(Widgets.readGadget(client, "default", "g"), "Deployed").getStatus()).isEqualTo("True");
  }
}
