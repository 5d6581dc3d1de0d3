package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.ParallelSteps;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttle;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The keeper's behaviour (K1–K7) over a real HTTP API server: run by {@link KeeperMockServerTest}
 * against the fabric8 mock server and by {@link KeeperRealClusterTest} against the cluster of
 * {@code KUBECONFIG}, with the K9–K13 scenarios of {@link SpecChangeScenarios} on top.
 */
abstract class KeeperScenarios {
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  /** Returns the client of the server under test. */
  abstract KubernetesClient client();

  /** Returns the namespace the widgets live in. */
  abstract String namespace();

  Widget create(String name) {
    return Widgets.create(client(), namespace(), name);
  }

  Widget read(String name) {
    return Widgets.read(client(), namespace(), name);
  }

  ConditionsStateKeeper.Builder<Widget> keeperFor(Widget w) {
    return ConditionsStateKeeper.builder(client(), w).clock(clock).sleeper(sleeps::add);
  }

  StepsEngine engine(ConditionsStateKeeper<?> keeper, PipelineStep... steps) {
    return StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).clock(clock).steps(steps).build();
  }

  static SimpleStep step(String name, String state) {
    return SimpleStep.named(name).state(state).run(ctx -> { }).build();
  }

  @Test
  @DisplayName("R4, R14: the keeper names its object: summary attributes kind, namespace, name; summary Kind/ns/name")
  void summaryNamesTheObject() {
    ConditionsStateKeeper<Widget> keeper = keeperFor(create("named")).build();

    assertThat(keeper.getSummaryAttributes())
        .containsExactlyInAnyOrderEntriesOf(Map.of("kind", "Widget", "namespace", namespace(), "name", "named"));
    assertThat(keeper.getSummary()).isEqualTo("Widget/" + namespace() + "/named");
  }

  @Test
  @DisplayName("K1: succeeded, failed and waiting states become True, False/Error and Unknown/Waiting on the server")
  void k1_statesBecomeConditions() {
    Widget w = create("k1-write");
    ConditionsStateKeeper<Widget> keeper = keeperFor(w).build();
    Instant at = clock.instant();
    keeper.setStepState(StepState.of("Deployed", StepStatus.SUCCEEDED, "Deployed", "all deployed", at));
    keeper.setStepState(StepState.of("Migrated", StepStatus.FAILED, StepState.REASON_ERROR, "boom", at));
    keeper.setStepState(StepState.of("Ready", StepStatus.PENDING, StepState.REASON_WAITING, "not yet", at));
    keeper.flush();

    Widget stored = read("k1-write");
    assertThat(Widgets.condition(stored, "Deployed")).extracting(Condition::getStatus, Condition::getReason,
        Condition::getMessage).containsExactly("True", "Deployed", "all deployed");
    assertThat(Widgets.condition(stored, "Migrated")).extracting(Condition::getStatus, Condition::getReason,
        Condition::getMessage).containsExactly("False", "Error", "boom");
    assertThat(Widgets.condition(stored, "Ready")).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("Unknown", "Waiting");
  }

  @Test
  @DisplayName("K1: conditions on the server read back as succeeded, failed, running and pending")
  void k1_conditionsReadBack() {
    Widget w = create("k1-read");
    ConditionsStateKeeper<Widget> writer = keeperFor(w).trackRunningState(true).build();
    Instant at = clock.instant();
    writer.setStepState(StepState.of("Deployed", StepStatus.SUCCEEDED, "Success", "ok", at));
    writer.setStepState(StepState.of("Migrated", StepStatus.FAILED, "Error", "boom", at));
    writer.setStepState(StepState.of("Scaled", StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", at));
    writer.setStepState(StepState.of("Ready", StepStatus.PENDING, StepState.REASON_WAITING, "", at));
    writer.flush();

    ConditionsStateKeeper<Widget> reader = keeperFor(read("k1-read")).build();
    assertThat(reader.getStepState("Deployed").status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(reader.getStepState("Deployed").message()).isEqualTo("ok");
    assertThat(reader.getStepState("Migrated").status()).isEqualTo(StepStatus.FAILED);
    assertThat(reader.getStepState("Scaled").status()).isEqualTo(StepStatus.RUNNING);
    assertThat(reader.getStepState("Ready").status()).isEqualTo(StepStatus.PENDING);
    assertThat(reader.getStepState("Missing")).isEqualTo(StepState.pending("Missing"));
  }

  @Test
  @DisplayName("K1: running state is not written unless running-state tracking is on")
  void k1_runningNotWrittenByDefault() {
    Widget w = create("k1-running");
    ConditionsStateKeeper<Widget> keeper = keeperFor(w).build();
    assertThat(keeper.supportsRunningState()).isFalse();
    keeper.setStepState(StepState.of("Scaled", StepStatus.RUNNING, StepState.REASON_IN_PROGRESS, "", clock.instant()));
    keeper.flush();

    assertThat(Widgets.condition(read("k1-running"), "Scaled")).isNull();
  }

  @Test
  @DisplayName("K2: lastTransitionTime is kept while the status stays, and changes with the status")
  void k2_transitionTimeKeptUnlessStatusChanges() {
    Widget w = create("k2-time");
    Instant first = clock.instant();
    ConditionsStateKeeper<Widget> keeper = keeperFor(w).build();
    keeper.setStepState(StepState.of("Ready", StepStatus.FAILED, "Error", "first", first));
    keeper.flush();

    clock.advance(Duration.ofMinutes(5));
    keeper = keeperFor(read("k2-time")).build();
    keeper.setStepState(StepState.of("Ready", StepStatus.FAILED, "Error", "second", clock.instant()));
    keeper.flush();
    Condition sameStatus = Widgets.condition(read("k2-time"), "Ready");

    clock.advance(Duration.ofMinutes(5));
    Instant third = clock.instant();
    keeper = keeperFor(read("k2-time")).build();
    keeper.setStepState(StepState.of("Ready", StepStatus.SUCCEEDED, "Success", "done", third));
    keeper.flush();
    Condition changed = Widgets.condition(read("k2-time"), "Ready");

    assertThat(sameStatus.getMessage()).isEqualTo("second");
    assertThat(sameStatus.getLastTransitionTime()).isEqualTo(first.toString());
    assertThat(changed.getLastTransitionTime()).isEqualTo(third.toString());
  }

  @Test
  @DisplayName("K2: observedGeneration is the object's metadata.generation at the time of the write")
  void k2_observedGenerationIsGeneration() {
    create("k2-gen");
    Widget edited = client().resources(Widget.class).inNamespace(namespace()).withName("k2-gen")
        .edit(x -> {
          x.getSpec().setSize(3);
          return x;
        });
    long generation = edited.getMetadata().getGeneration();
    ConditionsStateKeeper<Widget> keeper = keeperFor(edited).build();
    keeper.setStepState(StepState.of("Ready", StepStatus.SUCCEEDED, "Success", "ok", clock.instant()));
    keeper.flush();

    assertThat(generation).isGreaterThan(1);
    assertThat(Widgets.condition(read("k2-gen"), "Ready").getObservedGeneration()).isEqualTo(generation);
  }

  @Test
  @DisplayName("K3: a condition type or reason that breaks the Kubernetes rules is rejected, naming the rule")
  void k3_badNamesRejected() {
    ConditionsStateKeeper<Widget> keeper = keeperFor(create("k3-names")).build();

    assertThatThrownBy(() -> keeper.setStepState(StepState.of("db ready!", StepStatus.SUCCEEDED, "Success", "", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("K3: condition type rejected: STEPS-V3")
        .hasMessageContaining("\"db ready!\" is not a Kubernetes condition type")
        .hasMessageContaining("\"DbReady\"");
    assertThatThrownBy(() -> keeper.setStepState(StepState.of("Ready", StepStatus.SUCCEEDED, "no spaces", "", null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("K3: reason of condition 'Ready' rejected")
        .hasMessageContaining("is not a Kubernetes condition reason");
  }

  @Test
  @DisplayName("K3: a 100 KiB message is truncated to 32768 characters with a marker, not rejected")
  void k3_longMessageTruncated() {
    ConditionsStateKeeper<Widget> keeper = keeperFor(create("k3-long")).build();
    String huge = "x".repeat(100 * 1024);
    keeper.setStepState(StepState.of("Ready", StepStatus.FAILED, "Error", huge, clock.instant()));
    keeper.flush();

    String stored = Widgets.condition(read("k3-long"), "Ready").getMessage();
    assertThat(stored).hasSize(ConditionMapping.MAX_MESSAGE_LENGTH)
        .startsWith("xxxx")
        .endsWith("... [truncated 102400 characters to 32768]");
  }

  @Test
  @DisplayName("K5: a concurrent writer between read and write: conflict, re-read, retry; both writers' data kept")
  void k5_conflictRetriedAndNothingLost() {
    Widget w = create("k5-conflict");
    ConditionsStateKeeper<Widget> keeper = keeperFor(w).build();
    Widgets.writeAsAnotherController(client(), read("k5-conflict"), "Scheduled", "Provisioning");

    RunReport report = engine(keeper, step("deploy", "Deployed"), step("verify", "Verified")).run();

    Widget stored = read("k5-conflict");
    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(sleeps).as("one conflict, one backoff").containsExactly(Duration.ofMillis(100));
    assertThat(stored.getStatus().getPhase()).isEqualTo("Provisioning");
    assertThat(stored.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Scheduled", "Deployed", "Verified", "Ready");
    assertThat(Widgets.condition(stored, "Scheduled").getReason()).isEqualTo("Observed");
  }

  @Test
  @DisplayName("K5: the first condition write to a status without conditions keeps the fields the typed class does not model")
  void k5_firstConditionsKeepUnmodeledStatusFields() {
    Widget w = create("k5-first");
    Widgets.writeStatusAsAnotherController(client(), w,
        Map.of("phase", "Provisioning", "backup", Map.of("lastRun", "2026-01-01T00:00:00Z", "size", 3)));
    Widget typed = read("k5-first");
    ConditionsStateKeeper<Widget> keeper = keeperFor(typed).build();

    engine(keeper, step("deploy", "Deployed")).run();

    Map<String, Object> status = Widgets.rawStatus(client(), namespace(), "k5-first");
    assertThat(typed.getStatus().getConditions()).as("the typed snapshot had no conditions").isEmpty();
    assertThat(status).containsEntry("phase", "Provisioning")
        .containsEntry("backup", Map.of("lastRun", "2026-01-01T00:00:00Z", "size", 3));
    assertThat(read("k5-first").getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Deployed", "Ready");
  }

  @Test
  @DisplayName("K5: the first condition write to an object without status creates the status with only the conditions")
  void k5_firstConditionsWithoutStatus() {
    ConditionsStateKeeper<Widget> keeper = keeperFor(create("k5-nostatus")).build();

    engine(keeper, step("deploy", "Deployed"), step("verify", "Verified")).run();

    assertThat(Widgets.rawStatus(client(), namespace(), "k5-nostatus")).containsOnlyKeys("conditions");
    assertThat(read("k5-nostatus").getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Deployed", "Verified", "Ready");
  }

  @Test
  @DisplayName("K5: a first condition write based on a stale read conflicts, re-reads and keeps what the other writer added")
  void k5_staleFirstWriteRetried() {
    Widget w = create("k5-stale-first");
    ConditionsStateKeeper<Widget> keeper = keeperFor(w).build();
    Widgets.writeStatusAsAnotherController(client(), w, Map.of("phase", "Provisioning", "owner", "other"));

    engine(keeper, step("deploy", "Deployed")).run();

    assertThat(sleeps).as("one conflict, one backoff").hasSize(1);
    assertThat(Widgets.rawStatus(client(), namespace(), "k5-stale-first")).containsEntry("owner", "other")
        .containsEntry("phase", "Provisioning");
    assertThat(read("k5-stale-first").getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Deployed", "Ready");
  }

  @Test
  @DisplayName("K6: eight parallel children write through one keeper; every condition arrives")
  void k6_parallelChildrenShareOneKeeper() {
    ConditionsStateKeeper<Widget> keeper = keeperFor(create("k6-parallel")).writePolicy(WritePolicy.PER_CHANGE).build();
    List<PipelineStep> children = IntStream.rangeClosed(1, 8).mapToObj(i -> (PipelineStep) step("child" + i, "Child" + i)).toList();

    engine(keeper, ParallelSteps.named("all").steps(children).build()).run();

    assertThat(read("k6-parallel").getStatus().getConditions()).extracting(Condition::getType)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(0, 8).mapToObj(i -> i == 0 ? "Ready" : "Child" + i).toList());
  }

  @Test
  @DisplayName("K7: a throttled step stays throttled after keeper and engine are rebuilt (restart)")
  void k7_throttleSurvivesRestart() {
    create("k7-throttle");
    AtomicInteger runs = new AtomicInteger();
    PipelineStep refresh = SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5)))
        .run(ctx -> runs.incrementAndGet()).build();

    engine(keeperFor(read("k7-throttle")).build(), refresh).run();
    clock.advance(Duration.ofMinutes(1));
    RunReport afterRestart = engine(keeperFor(read("k7-throttle")).build(), refresh).run();
    clock.advance(Duration.ofMinutes(5));
    RunReport afterInterval = engine(keeperFor(read("k7-throttle")).build(), refresh).run();

    assertThat(afterRestart.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(afterInterval.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(runs).hasValue(2);
    assertThat(read("k7-throttle").getMetadata().getAnnotations()).containsKey("stepsengine.dev/throttle");
  }

  @Test
  @DisplayName("K5, K7: throttle times another controller stored meanwhile survive the keeper's retried write")
  void k7_otherWritersThrottleTimesKept() {
    create("k7-merge");
    PipelineStep refresh = SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5))).run(ctx -> { }).build();
    PipelineStep report = SimpleStep.named("report").throttle(Throttle.every(Duration.ofMinutes(5))).run(ctx -> { }).build();
    ConditionsStateKeeper<Widget> stale = keeperFor(read("k7-merge")).build();
    engine(keeperFor(read("k7-merge")).build(), report).run();

    engine(stale, refresh).run();

    String annotation = read("k7-merge").getMetadata().getAnnotations().get("stepsengine.dev/throttle");
    assertThat(sleeps).as("one conflict, one backoff").hasSize(1);
    assertThat(annotation).contains("\"Widget/" + namespace() + "/k7-merge:refresh\"")
        .contains("\"Widget/" + namespace() + "/k7-merge:report\"");
  }

  @Test
  @DisplayName("K7: one unreadable entry of the throttle annotation costs only its own key; the others still throttle")
  void k7_badEntryKeepsTheOthers() {
    Widget w = create("k7-bad-entry");
    String partition = "Widget/" + namespace() + "/k7-bad-entry:";
    String annotation = "{\"" + partition + "refresh\":{\"lastStart\":\"2026-03-01T09:58:00Z\"},"
        + "\"" + partition + "report\":{\"lastStart\":\"yesterday\"},"
        + "\"" + partition + "audit\":\"not an object\"}";
    w.getMetadata().setAnnotations(Map.of("stepsengine.dev/throttle", annotation));
    w = client().resource(w).update();
    AtomicInteger refreshes = new AtomicInteger();
    AtomicInteger reports = new AtomicInteger();
    PipelineStep refresh = SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5)))
        .run(ctx -> refreshes.incrementAndGet()).build();
    PipelineStep report = SimpleStep.named("report").throttle(Throttle.every(Duration.ofMinutes(5)))
        .run(ctx -> reports.incrementAndGet()).build();

    RunReport run = engine(keeperFor(w).build(), refresh, report).run();

    assertThat(run.outcome("refresh")).as("the good entry is honoured").isEqualTo(StepOutcome.THROTTLED);
    assertThat(run.outcome("report")).as("the bad entry counts as never seen").isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(refreshes).hasValue(0);
    assertThat(reports).hasValue(1);
  }

  @Test
  @DisplayName("Condition predicates: isTrue/isNotTrue read the conditions when the step is reached")
  void predicatesReadLiveConditions() {
    ConditionsStateKeeper<Widget> keeper = keeperFor(create("predicates")).build();
    AtomicInteger gated = new AtomicInteger();
    AtomicInteger fallback = new AtomicInteger();
    PipelineStep deploy = SimpleStep.named("deploy").state(State.of("Deployed")).run(ctx -> { }).build();
    PipelineStep smoke = SimpleStep.named("smoke").when(keeper.isTrue("Deployed")).run(ctx -> gated.incrementAndGet()).build();
    PipelineStep repair = SimpleStep.named("repair").when(keeper.isNotTrue("Deployed")).run(ctx -> fallback.incrementAndGet())
        .build();

    RunReport report = engine(keeper, deploy, smoke, repair).run();

    assertThat(report.outcome("smoke")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(report.outcome("repair")).isEqualTo(StepOutcome.SKIPPED_PREDICATE);
    assertThat(gated).hasValue(1);
    assertThat(fallback).hasValue(0);
  }
}
