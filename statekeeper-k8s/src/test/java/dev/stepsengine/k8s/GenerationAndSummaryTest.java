package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepPredicate;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.WaitException;
import dev.stepsengine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K9 generation awareness and K10 summary conditions, on the mock API server over HTTP. */
@EnableKubernetesMockClient(crud = true)
class GenerationAndSummaryTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();

  @BeforeEach
  void installCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd(Gadget.class)).create();
    Widgets.createGadget(client, "default", "g");
  }

  Gadget read() {
    return Widgets.readGadget(client, "default", "g");
  }

  ConditionsStateKeeper.Builder<Gadget> keeper() {
    return ConditionsStateKeeper.builder(client, read()).clock(clock).sleeper(d -> { })
        .writtenVersions(WrittenVersions.create(10));
  }

  RunReport run(ConditionsStateKeeper.Builder<Gadget> keeper, PipelineStep... steps) {
    ConditionsStateKeeper<Gadget> k = keeper.build();
    return StepsEngine.builder().stateKeeper(k).throttler(k.throttler()).clock(clock).steps(steps).build().run();
  }

  SimpleStep counted(String name, State state) {
    return SimpleStep.named(name).state(state).run(ctx -> runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet())
        .build();
  }

  int runsOf(String name) {
    return runs.getOrDefault(name, new AtomicInteger()).get();
  }

  Condition condition(String type) {
    return Widgets.condition(read(), type);
  }

  @Test
  @DisplayName("K9: after a spec edit the steps run again, a step kept across spec changes does not; every condition reads current")
  void k9_specEditRerunsUnlessKept() {
    PipelineStep[] steps = {counted("createAdmin", State.of("AdminCreated").keepAcrossSpecChanges()),
        counted("deploy", State.of("Deployed")), counted("scale", State.of("Scaled"))};
    run(keeper(), steps);
    long generation = Widgets.editSpec(client, "default", "g", 3).getMetadata().getGeneration();

    RunReport afterEdit = run(keeper(), steps);

    assertThat(afterEdit.outcome("createAdmin")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(afterEdit.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(afterEdit.outcome("scale")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(runsOf("createAdmin")).isEqualTo(1);
    assertThat(runsOf("deploy")).isEqualTo(2);
    assertThat(read().getStatus().getConditions()).extracting(Condition::getObservedGeneration)
        .containsOnly(generation);
    assertThat(generation).isEqualTo(2);
  }

  @Test
  @DisplayName("K9: a True condition of an older generation reads as a stale success; one of the current generation does not")
  void k9_staleStateReported() {
    run(keeper(), counted("deploy", State.of("Deployed")));
    assertThat(keeper().build().getStepState("Deployed").stale()).isFalse();
    Widgets.editSpec(client, "default", "g", 2);

    ConditionsStateKeeper<Gadget> k = keeper().build();

    assertThat(k.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(k.getStepState("Deployed").stale()).isTrue();
  }

  @Test
  @DisplayName("K9: generationAware(false) is the Go behaviour: True is final whatever the generation")
  void k9_goBehaviourSwitch() {
    run(keeper(), counted("deploy", State.of("Deployed")));
    Widgets.editSpec(client, "default", "g", 2);

    RunReport afterEdit = run(keeper().generationAware(false), counted("deploy", State.of("Deployed")));

    assertThat(afterEdit.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(runsOf("deploy")).isEqualTo(1);
    assertThat(keeper().generationAware(false).build().getStepState("Deployed").stale()).isFalse();
  }

  @Test
  @DisplayName("K10: after success: Ready True at the object's generation and status.observedGeneration, in the run's one write")
  void k10_successIsReady() throws InterruptedException {
    Widgets.drain(server);
    run(keeper().kstatusConditions(true), counted("deploy", State.of("Deployed")), counted("verify", State.of("Verified")));

    assertThat(Widgets.writes(Widgets.drain(server))).isEqualTo(1);
    Gadget g = read();
    assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason, Condition::getObservedGeneration)
        .containsExactly("True", "Succeeded", 1L);
    assertThat(g.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(condition("Reconciling").getStatus()).isEqualTo("False");
    assertThat(condition("Stalled").getStatus()).isEqualTo("False");
    assertThat(Widgets.kstatus(g)).isEqualTo("Current");
  }

  @Test
  @DisplayName("K10: after a failure: Ready False with the failing step's state name as reason; kstatus Stalled (Failed)")
  void k10_failureIsNotReady() {
    PipelineStep migrate = SimpleStep.named("migrate").state("Migrated").run(ctx -> {
      throw new IllegalStateException("schema locked");
    }).build();

    assertThatThrownBy(() -> run(keeper().kstatusConditions(true), counted("deploy", State.of("Deployed")), migrate))
        .isInstanceOf(StepFailedException.class);

    assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "Migrated");
    assertThat(condition("Ready").getMessage()).contains("schema locked");
    assertThat(condition("Stalled")).extracting(Condition::getStatus, Condition::getReason).containsExactly("True", "Migrated");
    assertThat(Widgets.kstatus(read())).isEqualTo("Failed");
  }

  @Test
  @DisplayName("K10: a continueOnError failure holds Ready back too: False, reason its state, although the run succeeded")
  void k10_continuedFailureIsNotReady() {
    PipelineStep report = SimpleStep.named("report").state("Reported").continueOnError().run(ctx -> {
      throw new IllegalStateException("metrics endpoint down");
    }).build();

    RunReport r = run(keeper(), report, counted("deploy", State.of("Deployed")));

    assertThat(r.outcome("report")).isEqualTo(StepOutcome.FAILED_CONTINUED);
    assertThat(condition("Ready")).extracting(Condition::getStatus, Condition::getReason).containsExactly("False", "Reported");
  }

  @Test
  @DisplayName("K10: while waiting Ready is Unknown (kstatus Reconciling); a spec edit makes it Unknown, then True at the new generation")
  void k10_waitThenSpecEditThenReady() {
    AtomicBoolean replicasReady = new AtomicBoolean(false);
    PipelineStep replicas = SimpleStep.named("replicas").state("ReplicasReady").run(ctx -> {
      if (!replicasReady.get()) {
        throw WaitException.after(Duration.ofSeconds(20), "1 of 3 replicas ready");
      }
    }).build();
    List<String> seen = new ArrayList<>();

    ConditionsStateKeeper<Gadget> waiting = keeper().kstatusConditions(true).build();
    ReconcileResult waited = StepsEngine.builder().stateKeeper(waiting).clock(clock)
        .steps(counted("deploy", State.of("Deployed")), replicas).build().runAsReconcilerResponse();
    seen.add(condition("Ready").getStatus() + "/" + condition("Ready").getReason() + "@" + Widgets.kstatus(read()));
    replicasReady.set(true);
    run(keeper().kstatusConditions(true), counted("deploy", State.of("Deployed")), replicas);
    seen.add(condition("Ready").getStatus() + "@" + Widgets.kstatus(read()));
    replicasReady.set(false);
    Widgets.editSpec(client, "default", "g", 3);
    seen.add("edited@" + Widgets.kstatus(read()));
    ConditionsStateKeeper<Gadget> edited = keeper().kstatusConditions(true).build();
    StepsEngine.builder().stateKeeper(edited).clock(clock).steps(counted("deploy", State.of("Deployed")), replicas).build()
        .runAsReconcilerResponse();
    seen.add(condition("Ready").getStatus() + "/" + condition("Ready").getObservedGeneration() + "@" + Widgets.kstatus(read()));
    replicasReady.set(true);
    run(keeper().kstatusConditions(true), counted("deploy", State.of("Deployed")), replicas);
    seen.add(condition("Ready").getStatus() + "/" + condition("Ready").getObservedGeneration() + "@" + Widgets.kstatus(read()));

    assertThat(waited.requeueAfter()).contains(Duration.ofSeconds(20));
    assertThat(seen).containsExactly("Unknown/Waiting@InProgress", "True@Current", "edited@InProgress",
        "Unknown/2@InProgress", "True/2@Current");
    assertThat(runsOf("deploy")).as("deploy ran again for generation 2").isEqualTo(2);
  }

  @Test
  @DisplayName("K10: steps skipped by a predicate do not hold Ready back, even with a False condition of their own")
  void k10_predicateSkipsDoNotHoldBack() {
    SimpleStep flaky = SimpleStep.named("flaky").state("Flaky").continueOnError().run(ctx -> {
      throw new IllegalStateException("down");
    }).build();
    run(keeper(), flaky);
    assertThat(condition("Ready").getStatus()).isEqualTo("False");

    run(keeper(), flaky.toBuilder().when(StepPredicate.of("never", () -> false)).build(), counted("deploy", State.of("Deployed")));

    assertThat(condition("Flaky").getStatus()).isEqualTo("False");
    assertThat(condition("Ready").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName("K10: the summary condition's type is configurable, and it can be turned off")
  void k10_typeConfigurableAndOff() {
    run(keeper().summaryCondition("Available"), counted("deploy", State.of("Deployed")));
    assertThat(condition("Available").getStatus()).isEqualTo("True");
    assertThat(condition("Ready")).isNull();

    Widgets.createGadget(client, "default", "quiet");
    ConditionsStateKeeper<Gadget> quiet = ConditionsStateKeeper.builder(client, Widgets.readGadget(client, "default", "quiet"))
        .withoutSummaryCondition().clock(clock).build();
    StepsEngine.builder().stateKeeper(quiet).steps(counted("deploy2", State.of("Deployed"))).build().run();

    assertThat(Widgets.readGadget(client, "default", "quiet").getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Deployed");
  }
}
