package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * K10 while a run is in progress, read from the mock API server (CRUD mode, real HTTP) by the test
 * while a step is held at a {@link Gate}: {@code Ready=Unknown}/{@code InProgress} with
 * {@link WritePolicy#PER_CHANGE}, nothing written mid-run with {@link WritePolicy#PER_RUN}.
 */
@EnableKubernetesMockClient(crud = true)
class InProgressSummaryTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final List<Duration> backoffs = Collections.synchronizedList(new ArrayList<>());
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  final ExecutorService reconciler = Executors.newSingleThreadExecutor();
  volatile Gate gate = Gate.opened();

  @BeforeEach
  void installCrd() throws InterruptedException {
    Widgets.installGadget(client, server);
  }

  @AfterEach
  void stopReconciler() {
    gate.open();
    reconciler.shutdownNow();
  }

  Gadget read() {
    return Widgets.readGadget(client, "default", "g");
  }

  Condition condition(Gadget g, String type) {
    return Widgets.condition(g, type);
  }

  ConditionsStateKeeper.Builder<Gadget> keeper(WritePolicy policy) {
    return ConditionsStateKeeper.builder(client, read()).writePolicy(policy).kstatusConditions(true).clock(clock)
        .sleeper(backoffs::add).writtenVersions(WrittenVersions.create(10));
  }

  /** Starts a run of {@code steps} on the reconciler thread. */
  Future<RunReport> start(ConditionsStateKeeper.Builder<Gadget> keeper, PipelineStep... steps) {
    ConditionsStateKeeper<Gadget> k = keeper.build();
    StepsEngine engine = StepsEngine.builder().stateKeeper(k).clock(clock).steps(steps).build();
    return reconciler.submit(engine::run);
  }

  RunReport run(ConditionsStateKeeper.Builder<Gadget> keeper, PipelineStep... steps) throws Exception {
    return start(keeper, steps).get(30, TimeUnit.SECONDS);
  }

  PipelineStep deploy() {
    return SimpleStep.named("deploy").state("Deployed").run(ctx -> count("deploy")).build();
  }

  /** A step that is held at the current gate. */
  PipelineStep rollout() {
    return SimpleStep.named("rollout").state("RolledOut").run(ctx -> {
      count("rollout");
      gate.pass();
    }).build();
  }

  void count(String step) {
    runs.computeIfAbsent(step, n -> new AtomicInteger()).incrementAndGet();
  }

  int runsOf(String step) {
    return runs.getOrDefault(step, new AtomicInteger()).get();
  }

  static String summaryOf(Condition c) {
    return c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "@" + c.getObservedGeneration();
  }

  @Test
  @DisplayName("K10: PER_CHANGE after a spec edit: while a step runs a reader sees Ready Unknown/InProgress, Reconciling True; then True at the new generation")
  void perChangeShowsTheRunInProgress() throws Exception {
    run(keeper(WritePolicy.PER_CHANGE), deploy(), rollout());
    long generation = Widgets.editSpec(client, "default", "g", 3).getMetadata().getGeneration();
    gate = Gate.closed();

    Future<RunReport> running = start(keeper(WritePolicy.PER_CHANGE), deploy(), rollout());
    gate.awaitEntered();
    Gadget during = read();
    gate.open();
    RunReport report = running.get(30, TimeUnit.SECONDS);
    Gadget after = read();

    assertThat(generation).isEqualTo(2);
    assertThat(summaryOf(condition(during, "Ready"))).isEqualTo("Ready=Unknown/InProgress@" + generation);
    assertThat(condition(during, "Ready").getMessage()).isEqualTo(SummaryConditions.MESSAGE_IN_PROGRESS);
    assertThat(summaryOf(condition(during, "Reconciling"))).isEqualTo("Reconciling=True/InProgress@" + generation);
    assertThat(summaryOf(condition(during, "Stalled"))).isEqualTo("Stalled=False/InProgress@" + generation);
    assertThat(summaryOf(condition(during, "Deployed"))).as("the step that ran again, in the same write")
        .isEqualTo("Deployed=True/Success@" + generation);
    assertThat(during.getStatus().getObservedGeneration()).isEqualTo(generation);
    assertThat(Widgets.kstatus(during)).isEqualTo("InProgress");

    assertThat(report.outcome("rollout")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(summaryOf(condition(after, "Ready"))).isEqualTo("Ready=True/Succeeded@" + generation);
    assertThat(condition(after, "Reconciling").getStatus()).isEqualTo("False");
    assertThat(Widgets.kstatus(after)).isEqualTo("Current");
    assertThat(runsOf("deploy")).isEqualTo(2);
    assertThat(backoffs).as("no conflict").isEmpty();
  }

  @Test
  @DisplayName("K10: PER_CHANGE with running state tracked: Ready is Unknown/InProgress in the write that marks the first step running")
  void perChangeWithRunningStateShowsTheFirstStep() throws Exception {
    gate = Gate.closed();
    Widgets.drain(server);

    Future<RunReport> running = start(keeper(WritePolicy.PER_CHANGE).trackRunningState(true), rollout(), deploy());
    gate.awaitEntered();
    Gadget during = read();
    long writesBeforeTheStepEnds = Widgets.statusWrites(Widgets.drain(server));
    gate.open();
    running.get(30, TimeUnit.SECONDS);

    assertThat(writesBeforeTheStepEnds).isEqualTo(1);
    assertThat(summaryOf(condition(during, "RolledOut"))).isEqualTo("RolledOut=Unknown/InProgress@1");
    assertThat(summaryOf(condition(during, "Ready"))).isEqualTo("Ready=Unknown/InProgress@1");
    assertThat(condition(during, "Deployed")).isNull();
    assertThat(Widgets.kstatus(during)).isEqualTo("InProgress");
    assertThat(summaryOf(condition(read(), "Ready"))).isEqualTo("Ready=True/Succeeded@1");
  }

  @Test
  @DisplayName("K10: PER_RUN writes nothing while the run is in progress: a reader sees the previous Ready; the one write at the end sets it at the new generation")
  void perRunWritesNothingMidRun() throws Exception {
    run(keeper(WritePolicy.PER_RUN), deploy(), rollout());
    long generation = Widgets.editSpec(client, "default", "g", 3).getMetadata().getGeneration();
    gate = Gate.closed();
    Widgets.drain(server);

    Future<RunReport> running = start(keeper(WritePolicy.PER_RUN), deploy(), rollout());
    gate.awaitEntered();
    Gadget during = read();
    long writesDuring = Widgets.writes(Widgets.drain(server));
    gate.open();
    running.get(30, TimeUnit.SECONDS);
    long writesAtTheEnd = Widgets.writes(Widgets.drain(server));

    assertThat(writesDuring).isZero();
    assertThat(summaryOf(condition(during, "Ready"))).as("the previous run's").isEqualTo("Ready=True/Succeeded@1");
    assertThat(during.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(Widgets.kstatus(during)).as("observedGeneration behind the generation").isEqualTo("InProgress");
    assertThat(writesAtTheEnd).isEqualTo(1);
    assertThat(summaryOf(condition(read(), "Ready"))).isEqualTo("Ready=True/Succeeded@" + generation);
    assertThat(runsOf("deploy")).isEqualTo(2);
  }

  @Test
  @DisplayName("K10: a spec edit while a step runs: the reader sees observedGeneration behind; Ready is True only once a run covered the new generation")
  void specEditWhileAStepRuns() throws Exception {
    gate = Gate.closed();
    Future<RunReport> running = start(keeper(WritePolicy.PER_CHANGE), deploy(), rollout());
    gate.awaitEntered();
    long generation = Widgets.editSpec(client, "default", "g", 3).getMetadata().getGeneration();
    Gadget during = read();
    gate.open();
    running.get(30, TimeUnit.SECONDS);
    Gadget afterThatRun = read();
    gate = Gate.opened();
    run(keeper(WritePolicy.PER_CHANGE), deploy(), rollout());
    Gadget afterTheNextRun = read();

    assertThat(generation).isEqualTo(2);
    assertThat(summaryOf(condition(during, "Ready"))).isEqualTo("Ready=Unknown/InProgress@1");
    assertThat(during.getStatus().getObservedGeneration()).isEqualTo(1L);
    assertThat(Widgets.kstatus(during)).isEqualTo("InProgress");
    assertThat(summaryOf(condition(afterThatRun, "Ready"))).as("deploy ran for generation 1")
        .isEqualTo("Ready=Unknown/Stale@" + generation);
    assertThat(summaryOf(condition(afterThatRun, "RolledOut"))).as("K2: the generation at the write, after the 409 re-read")
        .isEqualTo("RolledOut=True/Success@" + generation);
    assertThat(backoffs).as("one conflict: the write after the edit").hasSize(1);
    assertThat(Widgets.kstatus(afterThatRun)).isEqualTo("InProgress");
    assertThat(summaryOf(condition(afterTheNextRun, "Ready"))).isEqualTo("Ready=True/Succeeded@" + generation);
    assertThat(summaryOf(condition(afterTheNextRun, "Deployed"))).isEqualTo("Deployed=True/Success@" + generation);
    assertThat(Widgets.kstatus(afterTheNextRun)).isEqualTo("Current");
    assertThat(runsOf("deploy")).as("deploy ran again for generation 2").isEqualTo(2);
    assertThat(runsOf("rollout")).as("recorded at generation 2, so not run again (docs/kubernetes.md)").isEqualTo(1);
  }

  @Test
  @DisplayName("K10: a step whose state is the summary condition owns it: the in-progress Ready written before it is put back when it is skipped")
  void stepOwningReadyGetsItBack() throws Exception {
    PipelineStep ready = SimpleStep.named("ready").state("Ready").run(ctx -> count("ready")).build();
    run(keeper(WritePolicy.PER_CHANGE).kstatusConditions(false), ready);
    Condition before = condition(read(), "Ready");

    RunReport report = run(keeper(WritePolicy.PER_CHANGE).kstatusConditions(false), deploy(), ready);

    assertThat(report.outcome("ready")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(summaryOf(before)).isEqualTo("Ready=True/Success@1");
    assertThat(condition(read(), "Ready")).extracting(Condition::getStatus, Condition::getReason,
        Condition::getLastTransitionTime).containsExactly("True", "Success", before.getLastTransitionTime());
    assertThat(runsOf("ready")).isEqualTo(1);
  }

  @Test
  @DisplayName("K4, K10: PER_CHANGE steady state: a run where every step is already True sends no request, no in-progress summary either")
  void perChangeSteadyStateWritesNothing() throws Exception {
    run(keeper(WritePolicy.PER_CHANGE), deploy(), rollout());
    ConditionsStateKeeper.Builder<Gadget> fromTheStoredObject = keeper(WritePolicy.PER_CHANGE);
    Widgets.drain(server);

    RunReport steady = run(fromTheStoredObject, deploy(), rollout());

    assertThat(steady.outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(Widgets.drain(server)).isEmpty();
    assertThat(summaryOf(condition(read(), "Ready"))).isEqualTo("Ready=True/Succeeded@1");
  }

  @Test
  @DisplayName("K10: with the summary condition off, PER_CHANGE writes no Ready while a step runs, nor after")
  void perChangeWithoutSummaryWritesNone() throws Exception {
    gate = Gate.closed();

    Future<RunReport> running = start(keeper(WritePolicy.PER_CHANGE).withoutSummaryCondition(), deploy(), rollout());
    gate.awaitEntered();
    Gadget during = read();
    gate.open();
    running.get(30, TimeUnit.SECONDS);

    assertThat(during.getStatus().getConditions()).extracting(Condition::getType).containsExactly("Deployed");
    assertThat(read().getStatus().getConditions()).extracting(Condition::getType).containsExactly("Deployed", "RolledOut");
  }
}
