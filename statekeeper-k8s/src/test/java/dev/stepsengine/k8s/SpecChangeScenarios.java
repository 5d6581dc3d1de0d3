package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.throttling.Throttle;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * K9–K13 over a real HTTP API server, on top of the K1–K7 {@link KeeperScenarios}, on Gadgets (a
 * status class with {@code observedGeneration} and the keeper's own field): run by
 * {@link KeeperMockServerTest} against the fabric8 mock server in every build, and by
 * {@link KeeperRealClusterTest} against the cluster of {@code KUBECONFIG}. Writes are counted at the
 * keeper's sender (every HTTP write attempt, 409s included), so the counts hold on any server; a
 * 409 shows as a conflict backoff in {@link #sleeps}.
 */
abstract class SpecChangeScenarios extends KeeperScenarios {
  final AtomicInteger writes = new AtomicInteger();
  final WrittenVersions versions = WrittenVersions.create(10);
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  final ExecutorService reconciler = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopReconciler() {
    reconciler.shutdownNow();
  }

  Gadget createGadget(String name) {
    return Widgets.createGadget(client(), namespace(), name);
  }

  Gadget readGadget(String name) {
    return Widgets.readGadget(client(), namespace(), name);
  }

  long editSpec(String name, int size) {
    return Widgets.editSpec(client(), namespace(), name, size).getMetadata().getGeneration();
  }

  ConditionsStateKeeper.Builder<Gadget> gadgetKeeper(Gadget from) {
    return ConditionsStateKeeper.builder(client(), from).clock(clock).sleeper(sleeps::add).writtenVersions(versions)
        .sender((current, write) -> {
          writes.incrementAndGet();
          return write.get();
        });
  }

  StepsEngine engine(ConditionsStateKeeper<?> keeper, List<PipelineStep> steps) {
    return engine(keeper, steps.toArray(PipelineStep[]::new));
  }

  /** One reconcile as a controller runs it: a keeper built from the object as stored, then the run; counts from zero. */
  RunReport reconcile(String name, List<PipelineStep> steps) {
    writes.set(0);
    return engine(gadgetKeeper(readGadget(name)).build(), steps).run();
  }

  SimpleStep.Builder counted(String name) {
    return SimpleStep.named(name).run(ctx -> runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet());
  }

  int runsOf(String name) {
    return runs.getOrDefault(name, new AtomicInteger()).get();
  }

  /** One kept step, two tracked ones and a throttled one. */
  List<PipelineStep> pipeline() {
    return List.of(counted("createAdmin").state(State.of("AdminCreated").keepAcrossSpecChanges()).build(),
        counted("deploy").state("Deployed").build(), counted("scale").state("Scaled").build(),
        counted("refresh").throttle(Throttle.every(Duration.ofMinutes(5))).build());
  }

  static String summaryOf(Condition c) {
    return c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "@" + c.getObservedGeneration();
  }

  @Test
  @DisplayName("K9: a spec edit re-runs every step not kept across spec changes, in one write; every condition moves to the new generation")
  void k9_specEditRerunsTheSteps() {
    createGadget("k9-edit");
    reconcile("k9-edit", pipeline());
    long generation = editSpec("k9-edit", 3);
    clock.advance(Duration.ofMinutes(1));

    RunReport afterEdit = reconcile("k9-edit", pipeline());

    assertThat(generation).isEqualTo(2);
    assertThat(afterEdit.outcome("createAdmin")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(afterEdit.outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(afterEdit.outcome("scale")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(afterEdit.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(List.of(runsOf("createAdmin"), runsOf("deploy"), runsOf("scale"), runsOf("refresh")))
        .containsExactly(1, 2, 2, 1);
    assertThat(writes).as("one write, no conflict").hasValue(1);
    assertThat(sleeps).isEmpty();
    assertThat(readGadget("k9-edit").getStatus().getConditions()).extracting(Condition::getObservedGeneration)
        .containsOnly(generation);
  }

  @Test
  @DisplayName("K10: Ready False with the failing step's state as reason after a failure, then True at the object's generation with status.observedGeneration")
  void k10_failureThenReady() {
    createGadget("k10-ready");
    AtomicBoolean locked = new AtomicBoolean(true);
    List<PipelineStep> steps = List.of(counted("deploy").state("Deployed").build(),
        SimpleStep.named("migrate").state("Migrated").run(ctx -> {
          if (locked.get()) {
            throw new IllegalStateException("schema locked");
          }
        }).build());
    ConditionsStateKeeper<Gadget> failing = gadgetKeeper(readGadget("k10-ready")).kstatusConditions(true).build();

    assertThatThrownBy(() -> engine(failing, steps).run()).isInstanceOf(StepFailedException.class);
    Gadget failed = readGadget("k10-ready");
    locked.set(false);
    engine(gadgetKeeper(readGadget("k10-ready")).kstatusConditions(true).build(), steps).run();
    Gadget ready = readGadget("k10-ready");

    assertThat(summaryOf(Widgets.condition(failed, "Ready"))).isEqualTo("Ready=False/Migrated@1");
    assertThat(Widgets.condition(failed, "Ready").getMessage()).contains("schema locked");
    assertThat(Widgets.kstatus(failed)).isEqualTo("Failed");
    assertThat(summaryOf(Widgets.condition(ready, "Ready"))).isEqualTo("Ready=True/Succeeded@1");
    assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(ready.getMetadata().getGeneration());
    assertThat(Widgets.kstatus(ready)).isEqualTo("Current");
    assertThat(runsOf("deploy")).isEqualTo(1);
  }

  @Test
  @DisplayName("K10: with PER_CHANGE a reader of the server sees Ready Unknown/InProgress at the new generation while a step runs after a spec edit, then True")
  void k10_unknownWhileRunning() throws Exception {
    createGadget("k10-running");
    List<PipelineStep> open = List.of(counted("deploy").state("Deployed").build(),
        counted("rollout").state("RolledOut").build());
    reconcile("k10-running", open);
    long generation = editSpec("k10-running", 3);
    Gate gate = Gate.closed();
    List<PipelineStep> held = List.of(open.get(0), SimpleStep.named("rollout").state("RolledOut").run(ctx -> gate.pass())
        .build());
    ConditionsStateKeeper<Gadget> keeper = gadgetKeeper(readGadget("k10-running")).writePolicy(WritePolicy.PER_CHANGE)
        .kstatusConditions(true).build();

    Future<RunReport> running = reconciler.submit(() -> engine(keeper, held).run());
    gate.awaitEntered();
    Gadget during = readGadget("k10-running");
    gate.open();
    running.get(30, TimeUnit.SECONDS);
    Gadget after = readGadget("k10-running");

    assertThat(summaryOf(Widgets.condition(during, "Ready"))).isEqualTo("Ready=Unknown/InProgress@" + generation);
    assertThat(Widgets.condition(during, "Reconciling").getStatus()).isEqualTo("True");
    assertThat(Widgets.kstatus(during)).isEqualTo("InProgress");
    assertThat(summaryOf(Widgets.condition(after, "Ready"))).isEqualTo("Ready=True/Succeeded@" + generation);
    assertThat(after.getStatus().getObservedGeneration()).isEqualTo(generation);
    assertThat(Widgets.kstatus(after)).isEqualTo("Current");
  }

  @Test
  @DisplayName("K11: a step that writes the status itself and hands the answer to refresh: no 409, one keeper write, its field and the keeper's conditions both stored")
  void k11_stepWritesTheStatusItself() {
    createGadget("k11-own");
    ConditionsStateKeeper<Gadget> keeper = gadgetKeeper(readGadget("k11-own")).build();
    PipelineStep markStarted = SimpleStep.named("markStarted").state("StartRecorded").run(ctx -> {
      Gadget mine = keeper.resource();
      Gadget.Status status = mine.getStatus() != null ? mine.getStatus() : new Gadget.Status();
      status.setStartedAt("2026-03-01T10:00:00Z");
      mine.setStatus(status);
      keeper.refresh(client().resource(mine).updateStatus());
    }).build();

    engine(keeper, List.of(counted("deploy").state("Deployed").build(), markStarted)).run();

    Gadget stored = readGadget("k11-own");
    assertThat(sleeps).as("no 409, no retry").isEmpty();
    assertThat(writes).as("the keeper's one write").hasValue(1);
    assertThat(stored.getStatus().getStartedAt()).isEqualTo("2026-03-01T10:00:00Z");
    assertThat(stored.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Deployed", "StartRecorded", "Ready");
  }

  @Test
  @DisplayName("K11: a step's status field and a reset state ride in the keeper's one write; a later step of the same run sees the reset state pending")
  void k11_fieldAndResetInTheOneWrite() {
    createGadget("k11-reset");
    reconcile("k11-reset", List.of(counted("deploy").state("Deployed").build(), counted("verify").state("Verified").build()));
    ConditionsStateKeeper<Gadget> keeper = gadgetKeeper(readGadget("k11-reset")).build();
    PipelineStep restart = SimpleStep.named("restart").run(ctx -> {
      keeper.resetStates("Verified");
      keeper.setStatusField("phase", "Restarted");
    }).build();
    writes.set(0);

    RunReport report = engine(keeper, List.of(restart, counted("deploy").state("Deployed").build(),
        counted("verify").state("Verified").build())).run();

    assertThat(report.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(report.outcome("verify")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(List.of(runsOf("deploy"), runsOf("verify"))).containsExactly(1, 2);
    assertThat(writes).hasValue(1);
    assertThat(readGadget("k11-reset").getStatus().getPhase()).isEqualTo("Restarted");
    assertThat(Widgets.condition(readGadget("k11-reset"), "Verified").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName("K12: a reconcile handed an object older than the keeper's last write reads it again: a non-idempotent step runs once")
  void k12_readYourWrites() {
    Gadget cached = createGadget("k12-stale");
    List<PipelineStep> steps = List.of(counted("charge").state("Charged").build());
    engine(gadgetKeeper(cached).build(), steps).run();
    writes.set(0);

    RunReport again = engine(gadgetKeeper(cached).build(), steps).run();

    assertThat(again.outcome("charge")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(runsOf("charge")).isEqualTo(1);
    assertThat(writes).as("nothing to write").hasValue(0);
  }

  @Test
  @DisplayName("K13: a run with a throttled step sends one write, the throttle time in the keeper's status field; a restarted keeper honours it")
  void k13_throttleInTheOneWrite() {
    createGadget("k13-throttle");
    RunReport first = reconcile("k13-throttle", pipeline());
    int firstWrites = writes.get();
    Object stored = Widgets.rawGadgetStatus(client(), namespace(), "k13-throttle").get(ResourceSnapshot.OWNED_FIELD);
    clock.advance(Duration.ofMinutes(1));
    RunReport restarted = reconcile("k13-throttle", pipeline());
    int restartedWrites = writes.get();
    clock.advance(Duration.ofMinutes(5));
    RunReport afterInterval = reconcile("k13-throttle", pipeline());

    assertThat(first.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(firstWrites).as("conditions, Ready and the throttle time in one write").isEqualTo(1);
    assertThat(String.valueOf(stored)).contains("Gadget/" + namespace() + "/k13-throttle:refresh");
    assertThat(Objects.requireNonNullElse(readGadget("k13-throttle").getMetadata().getAnnotations(), Map.of()))
        .as("no annotation write")
        .doesNotContainKey("stepsengine.dev/throttle");
    assertThat(restarted.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(restartedWrites).isZero();
    assertThat(afterInterval.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(writes).as("only the new throttle time").hasValue(1);
    assertThat(runsOf("refresh")).isEqualTo(2);
  }
}
