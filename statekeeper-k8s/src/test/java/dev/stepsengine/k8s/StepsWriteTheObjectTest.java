package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K11 steps that write the object, and K12 read-your-writes without JOSDK, on the mock API server. */
@EnableKubernetesMockClient(crud = true)
class StepsWriteTheObjectTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final List<Duration> backoffs = Collections.synchronizedList(new ArrayList<>());
  final WrittenVersions versions = WrittenVersions.create(10);
  final AtomicInteger deploys = new AtomicInteger();

  @BeforeEach
  void installCrd() throws InterruptedException {
    Widgets.installGadget(client, server);
  }

  Gadget read() {
    return Widgets.readGadget(client, "default", "g");
  }

  ConditionsStateKeeper<Gadget> keeper(Gadget from) {
    return ConditionsStateKeeper.builder(client, from).clock(clock).sleeper(backoffs::add).writtenVersions(versions).build();
  }

  static StepsEngine engine(ConditionsStateKeeper<Gadget> keeper, PipelineStep... steps) {
    return StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).steps(steps).build();
  }

  SimpleStep deploy() {
    return SimpleStep.named("deploy").state("Deployed").run(ctx -> deploys.incrementAndGet()).build();
  }

  @Test
  @DisplayName("K11: a step that patches the status itself and hands the answer to refresh: no 409, its field and the keeper's conditions both stored")
  void k11_stepPatchesStatusThenRefresh() throws InterruptedException {
    ConditionsStateKeeper<Gadget> keeper = keeper(read());
    Widgets.drain(server);
    PipelineStep phase = SimpleStep.named("phase").state("PhaseSet").run(ctx -> {
      Gadget mine = keeper.resource();
      Gadget.Status status = new Gadget.Status();
      status.setPhase("Provisioning");
      mine.setStatus(status);
      keeper.refresh(client.resource(mine).updateStatus());
    }).build();

    engine(keeper, deploy(), phase, SimpleStep.named("verify").state("Verified").run(ctx -> { }).build()).run();

    List<RecordedRequest> requests = Widgets.drain(server);
    assertThat(backoffs).as("no conflict, so no backoff").isEmpty();
    assertThat(requests).extracting(RecordedRequest::getMethod).as("the step's write, then the keeper's one write")
        .containsExactly("PUT", "PATCH");
    Gadget stored = read();
    assertThat(stored.getStatus().getPhase()).isEqualTo("Provisioning");
    assertThat(stored.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Deployed", "PhaseSet", "Verified", "Ready");
  }

  @Test
  @DisplayName("K11: a step that writes the object without refresh costs one conflict, and nothing it wrote is lost")
  void k11_withoutRefreshOneConflictNothingLost() {
    ConditionsStateKeeper<Gadget> keeper = keeper(read());
    PipelineStep phase = SimpleStep.named("phase").run(ctx -> {
      Gadget mine = read();
      Gadget.Status status = new Gadget.Status();
      status.setPhase("Provisioning");
      mine.setStatus(status);
      client.resource(mine).updateStatus();
    }).build();

    engine(keeper, deploy(), phase).run();

    assertThat(backoffs).hasSize(1);
    assertThat(read().getStatus().getPhase()).isEqualTo("Provisioning");
    assertThat(read().getStatus().getConditions()).extracting(Condition::getType).containsExactly("Deployed", "Ready");
  }

  @Test
  @DisplayName("K11: status fields a step gives the keeper ride in its single write; equal values are not written again")
  void k11_statusFieldsInTheSingleWrite() throws InterruptedException {
    ConditionsStateKeeper<Gadget> keeper = keeper(read());
    PipelineStep start = SimpleStep.named("start").run(ctx -> {
      keeper.setStatusField("phase", "Running");
      keeper.setStatusField("startedAt", "2026-03-01T10:00:00Z");
    }).build();

    engine(keeper, deploy(), start).run();
    ConditionsStateKeeper<Gadget> second = keeper(read());
    long firstWrites = Widgets.writes(Widgets.drain(server));
    engine(second, deploy(), SimpleStep.named("start").run(ctx -> second.setStatusField("phase", "Running")).build()).run();

    assertThat(firstWrites).isEqualTo(1);
    assertThat(Widgets.drain(server)).as("steady state: nothing").isEmpty();
    assertThat(read().getStatus().getPhase()).isEqualTo("Running");
    assertThat(read().getStatus().getStartedAt()).isEqualTo("2026-03-01T10:00:00Z");
  }

  @Test
  @DisplayName("K11: a step setting a status field the keeper owns is refused with a clear message")
  void k11_ownedFieldRefused() {
    ConditionsStateKeeper<Gadget> keeper = keeper(read());

    for (String owned : List.of("conditions", "observedGeneration", "stepsEngine")) {
      assertThatThrownBy(() -> keeper.setStatusField(owned, "x")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("K11: status field '" + owned + "'").hasMessageContaining("owned by the keeper");
    }
  }

  @Test
  @DisplayName("K11: resetting one state: later steps of the same run see it pending and run again; its condition is rewritten")
  void k11_resetOneState() {
    engine(keeper(read()), deploy()).run();
    ConditionsStateKeeper<Gadget> keeper = keeper(read());
    PipelineStep restart = SimpleStep.named("restart").run(ctx -> keeper.resetStates("Deployed")).build();

    RunReport r = engine(keeper, restart, deploy()).run();

    assertThat(r.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(deploys).hasValue(2);
    assertThat(read().getStatus().getConditions()).extracting(Condition::getType).containsExactly("Deployed", "Ready");
  }

  @Test
  @DisplayName("K11: resetting all states restarts the flow: every step runs again, conditions of other writers stay")
  void k11_resetAllStates() {
    AtomicInteger verifies = new AtomicInteger();
    PipelineStep verify = SimpleStep.named("verify").state("Verified").run(ctx -> verifies.incrementAndGet()).build();
    engine(keeper(read()), deploy(), verify).run();
    Gadget current = read();
    client.resource(current).subresource("status").patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization()
        .asJson(List.of(Map.of("op", "add", "path", "/status/conditions/-", "value", Map.of("type", "Scheduled",
            "status", "True", "reason", "Observed", "message", "another controller", "lastTransitionTime",
            "2026-01-01T00:00:00Z")))));
    ConditionsStateKeeper<Gadget> keeper = keeper(read());
    List<String> seenByDeploy = new ArrayList<>();
    PipelineStep clear = SimpleStep.named("clear").run(ctx -> keeper.resetAllStates()).build();
    PipelineStep deploy = SimpleStep.named("deploy").state("Deployed").run(ctx -> {
      deploys.incrementAndGet();
      seenByDeploy.add(ctx.storedState("Verified").status().toString());
    }).build();

    RunReport r = engine(keeper, clear, deploy, verify).run();

    assertThat(r.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(r.outcome("verify")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(deploys).hasValue(2);
    assertThat(verifies).hasValue(2);
    assertThat(seenByDeploy).containsExactly("PENDING");
    assertThat(read().getStatus().getConditions()).extracting(Condition::getType)
        .containsExactlyInAnyOrder("Deployed", "Verified", "Ready", "Scheduled");
  }

  @Test
  @DisplayName("K11: resetting a state that does not exist is refused, naming the state and the conditions there are")
  void k11_resetUnknownRefused() {
    engine(keeper(read()), deploy()).run();
    ConditionsStateKeeper<Gadget> keeper = keeper(read());
    PipelineStep restart = SimpleStep.named("restart").run(ctx -> keeper.resetStates("Deployd")).build();

    assertThatThrownBy(() -> engine(keeper, restart, deploy()).run()).isInstanceOf(StepFailedException.class)
        .cause().isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot reset state 'Deployd'").hasMessageContaining("[Deployed, Ready]");
  }

  @Test
  @DisplayName("K12: a keeper built from an object older than its last write reads it again: the step does not run twice")
  void k12_staleCacheReadAgain() throws InterruptedException {
    Gadget cached = read();
    engine(keeper(cached), deploy()).run();
    Widgets.drain(server);

    RunReport second = engine(keeper(cached), deploy()).run();

    assertThat(second.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(deploys).hasValue(1);
    assertThat(Widgets.drain(server)).extracting(RecordedRequest::getMethod).as("one re-read, no write").containsExactly("GET");
  }

  @Test
  @DisplayName("K12: without the memory of written versions a stale object runs the step again (what K12 prevents)")
  void k12_withoutMemoryTheStepRunsTwice() {
    Gadget cached = read();
    engine(ConditionsStateKeeper.builder(client, cached).writtenVersions(null).sleeper(backoffs::add).build(), deploy()).run();

    engine(ConditionsStateKeeper.builder(client, cached).writtenVersions(null).sleeper(backoffs::add).build(), deploy()).run();

    assertThat(deploys).hasValue(2);
  }

  @Test
  @DisplayName("K11: refresh with another object is refused; an older version than the keeper holds is ignored")
  void k11_refreshChecks() {
    Gadget old = read();
    ConditionsStateKeeper<Gadget> keeper = keeper(old);
    engine(keeper, deploy()).run();
    Widgets.createGadget(client, "default", "other");

    keeper.refresh(old);

    assertThat(keeper.condition("Deployed")).isPresent();
    assertThatThrownBy(() -> keeper.refresh(Widgets.readGadget(client, "default", "other")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another object");
  }
}
