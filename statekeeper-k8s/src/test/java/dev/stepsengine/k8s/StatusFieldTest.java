package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.State;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttle;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K13 throttle times and R18 outputs in the keeper's status field, and the request counts of a 10-step pipeline. */
@EnableKubernetesMockClient(crud = true)
class StatusFieldTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final List<Duration> backoffs = Collections.synchronizedList(new ArrayList<>());
  final WrittenVersions versions = WrittenVersions.create(10);
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  @BeforeEach
  void installCrd() throws InterruptedException {
    Widgets.installGadget(client, server);
  }

  Gadget read() {
    return Widgets.readGadget(client, "default", "g");
  }

  ConditionsStateKeeper.Builder<Gadget> builder(Gadget from) {
    return ConditionsStateKeeper.builder(client, from).clock(clock).sleeper(backoffs::add).writtenVersions(versions);
  }

  StepsEngine engine(ConditionsStateKeeper<Gadget> keeper, List<PipelineStep> steps) {
    return StepsEngine.builder().stateKeeper(keeper).throttler(keeper.throttler()).clock(clock).steps(steps).build();
  }

  /** Runs {@code steps} with a keeper built from the object as stored; returns the report and the requests the run sent. */
  RunReport reconcile(List<PipelineStep> steps, List<RecordedRequest> requests) throws InterruptedException {
    Gadget current = read();
    Widgets.drain(server);
    RunReport report = engine(builder(current).build(), steps).run();
    requests.addAll(Widgets.drain(server));
    return report;
  }

  SimpleStep.Builder counted(String name) {
    return SimpleStep.named(name).run(ctx -> runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet());
  }

  int runsOf(String name) {
    return runs.getOrDefault(name, new AtomicInteger()).get();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> owned() {
    return (Map<String, Object>) Widgets.rawGadgetStatus(client, "default", "g").get("stepsEngine");
  }

  List<PipelineStep> refresh() {
    return List.of(counted("refresh").throttle(Throttle.every(Duration.ofMinutes(5))).build());
  }

  @Test
  @DisplayName("K13: a run with a throttled step sends one write, the throttle time in the keeper's status field; a restart honours it")
  void k13_throttleInTheSingleWrite() throws InterruptedException {
    List<RecordedRequest> first = new ArrayList<>();
    reconcile(refresh(), first);
    clock.advance(Duration.ofMinutes(1));
    List<RecordedRequest> second = new ArrayList<>();
    RunReport afterRestart = reconcile(refresh(), second);
    clock.advance(Duration.ofMinutes(5));
    RunReport afterInterval = reconcile(refresh(), new ArrayList<>());

    assertThat(first).extracting(RecordedRequest::getMethod).containsExactly("PATCH");
    assertThat(Widgets.statusWrites(first)).isEqualTo(1);
    assertThat(owned()).containsKey("throttles");
    assertThat(owned().get("throttles").toString()).contains("Gadget/default/g:refresh");
    assertThat(read().getMetadata().getAnnotations()).doesNotContainKey("stepsengine.dev/throttle");
    assertThat(afterRestart.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(second).isEmpty();
    assertThat(afterInterval.outcome("refresh")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(runsOf("refresh")).isEqualTo(2);
  }

  @Test
  @DisplayName("K13, K7: throttle times an older version kept in the annotation are still honoured")
  void k13_oldAnnotationHonoured() throws InterruptedException {
    Gadget g = read();
    g.getMetadata().setAnnotations(Map.of("stepsengine.dev/throttle",
        "{\"Gadget/default/g:refresh\":{\"lastStart\":\"2026-03-01T09:58:00Z\"}}"));
    client.resource(g).update();

    RunReport report = reconcile(refresh(), new ArrayList<>());

    assertThat(report.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
  }

  @Test
  @DisplayName("K13, K7: the annotation store remains a choice; a status class without the keeper's field falls back to it")
  void k13_annotationStorageOption() {
    ConditionsStateKeeper<Gadget> keeper = builder(read()).throttleStorage(ThrottleStorage.ANNOTATION).build();
    engine(keeper, refresh()).run();
    Widgets.create(client, "default", "w");

    assertThat(keeper.throttleStorage()).isEqualTo(ThrottleStorage.ANNOTATION);
    assertThat(read().getMetadata().getAnnotations()).containsKey("stepsengine.dev/throttle");
    assertThat(owned()).as("nothing in the keeper's status field").isNull();
    assertThat(ConditionsStateKeeper.of(client, Widgets.read(client, "default", "w")).throttleStorage())
        .isEqualTo(ThrottleStorage.ANNOTATION);
    assertThat(builder(read()).build().throttleStorage()).isEqualTo(ThrottleStorage.STATUS);
  }

  SimpleStep charge(String paymentId) {
    return counted("charge").state("Charged").outputs("paymentId").run(ctx -> {
      runs.computeIfAbsent("charge", n -> new AtomicInteger()).incrementAndGet();
      ctx.saveOutput("paymentId", paymentId);
    }).build();
  }

  SimpleStep ship(List<String> seen) {
    return SimpleStep.named("ship").state("Shipped").skipStateCheck()
        .run(ctx -> seen.add(ctx.output("Charged", "paymentId").orElse("none"))).build();
  }

  @Test
  @DisplayName("R18: outputs are stored in the keeper's status field with the SUCCEEDED state, in the same single write")
  void r18_storedWithSuccess() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    reconcile(List.of(charge("pay-1")), requests);

    assertThat(Widgets.writes(requests)).isEqualTo(1);
    assertThat(owned()).containsEntry("outputs", Map.of("Charged", Map.of("paymentId", "pay-1")));
    assertThat(Widgets.condition(read(), "Charged").getStatus()).isEqualTo("True");
  }

  @Test
  @DisplayName("R18: a later run reads the output although the producer is skipped as already succeeded (keeper rebuilt: restart)")
  void r18_skippedProducerStillProvides() throws InterruptedException {
    reconcile(List.of(charge("pay-1")), new ArrayList<>());
    List<String> seen = new ArrayList<>();

    RunReport second = reconcile(List.of(charge("pay-2"), ship(seen)), new ArrayList<>());

    assertThat(second.outcome("charge")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(seen).containsExactly("pay-1");
  }

  @Test
  @DisplayName("R18, R6: a later step of the same run reads the output; only the succeeding attempt's outputs are stored")
  void r18_sameRunAndRetries() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    SimpleStep retried = SimpleStep.named("charge").state("Charged").outputs("paymentId", "note")
        .retry(dev.stepsengine.RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ZERO).build())
        .run(ctx -> {
          if (ctx.attempt() == 1) {
            ctx.saveOutput("note", "from the failed attempt");
            throw new IllegalStateException("declined");
          }
          ctx.saveOutput("paymentId", "pay-2");
        }).build();

    reconcile(List.of(retried, ship(seen)), new ArrayList<>());

    assertThat(seen).containsExactly("pay-2");
    assertThat(owned()).containsEntry("outputs", Map.of("Charged", Map.of("paymentId", "pay-2")));
  }

  @Test
  @DisplayName("R18: a re-run of the producing step replaces its outputs; a failed step stores none")
  void r18_reRunReplacesAndFailureStoresNone() throws InterruptedException {
    reconcile(List.of(charge("pay-1")), new ArrayList<>());
    reconcile(List.of(charge("pay-2").toBuilder().skipStateCheck().build()), new ArrayList<>());
    assertThat(owned()).containsEntry("outputs", Map.of("Charged", Map.of("paymentId", "pay-2")));

    SimpleStep failing = SimpleStep.named("charge").state("Charged").outputs("paymentId").skipStateCheck().run(ctx -> {
      ctx.saveOutput("paymentId", "pay-3");
      throw new IllegalStateException("declined");
    }).build();
    catchThrowableOfType(StepFailedException.class, () -> reconcile(List.of(failing), new ArrayList<>()));

    assertThat(owned()).doesNotContainKey("outputs");
    assertThat(builder(read()).build().getStepState("Charged").outputs()).isEmpty();
  }

  @Test
  @DisplayName("R18: a keeper whose status class cannot hold outputs makes the engine refuse to build; the limit is documented and enforced")
  void r18_limits() {
    Widgets.create(client, "default", "w");
    ConditionsStateKeeper<Widget> widgetKeeper = ConditionsStateKeeper.of(client, Widgets.read(client, "default", "w"));

    assertThat(widgetKeeper.maxOutputChars()).isZero();
    assertThatThrownBy(() -> StepsEngine.builder().stateKeeper(widgetKeeper).steps(charge("x")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot store outputs");
    assertThat(builder(read()).build().maxOutputChars()).isEqualTo(ConditionsStateKeeper.DEFAULT_MAX_OUTPUT_CHARS);
    StepFailedException tooLong = catchThrowableOfType(StepFailedException.class,
        () -> engine(builder(read()).maxOutputChars(20).build(), List.of(charge("x".repeat(30)))).run());
    assertThat(tooLong.getCause()).hasMessageContaining("at most 20");
  }

  /** Ten steps: eight tracked, one kept across spec changes, one throttled. */
  List<PipelineStep> tenSteps(PipelineStep extra) {
    List<PipelineStep> steps = new ArrayList<>();
    steps.add(counted("createAdmin").state(State.of("AdminCreated").keepAcrossSpecChanges()).build());
    IntStream.rangeClosed(2, 8).forEach(i -> steps.add(counted("step" + i).state("Step" + i).build()));
    steps.add(refresh().get(0));
    steps.add(extra != null ? extra : counted("step10").state("Step10").build());
    return steps;
  }

  @Test
  @DisplayName("K4, K9, K10, K13: a 10-step pipeline: first run 1 write, steady state 0 requests, spec edit 1 write re-running all but the kept step")
  void requestCountsOfTenSteps() throws InterruptedException {
    List<RecordedRequest> first = new ArrayList<>();
    reconcile(tenSteps(null), first);
    List<RecordedRequest> steady = new ArrayList<>();
    clock.advance(Duration.ofMinutes(1));
    reconcile(tenSteps(null), steady);
    Widgets.editSpec(client, "default", "g", 5);
    clock.advance(Duration.ofMinutes(1));
    List<RecordedRequest> edit = new ArrayList<>();
    RunReport afterEdit = reconcile(tenSteps(null), edit);

    assertThat(first).extracting(RecordedRequest::getMethod).containsExactly("PATCH");
    assertThat(steady).isEmpty();
    assertThat(edit).extracting(RecordedRequest::getMethod).containsExactly("PATCH");
    assertThat(afterEdit.outcome("createAdmin")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(afterEdit.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(runsOf("createAdmin")).isEqualTo(1);
    assertThat(runsOf("step2")).isEqualTo(2);
    assertThat(Widgets.condition(read(), "Ready")).extracting(c -> c.getStatus(), c -> c.getObservedGeneration())
        .containsExactly("True", 2L);
    assertThat(read().getStatus().getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  @DisplayName("K11: in the 10-step pipeline a step that patches the status itself (and hands the answer to refresh) causes no 409")
  void tenStepsWithAStepPatchingTheStatus() throws InterruptedException {
    Gadget current = read();
    Widgets.drain(server);
    ConditionsStateKeeper<Gadget> keeper = builder(current).build();
    PipelineStep phase = SimpleStep.named("phase").state("PhaseSet").run(ctx -> {
      Gadget mine = keeper.resource();
      Gadget.Status status = mine.getStatus() != null ? mine.getStatus() : new Gadget.Status();
      status.setPhase("Running");
      mine.setStatus(status);
      keeper.refresh(client.resource(mine).subresource("status").patch(
          io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
          "{\"metadata\":{\"resourceVersion\":\"" + mine.getMetadata().getResourceVersion() + "\"},\"status\":{\"phase\":\"Running\"}}"));
    }).build();

    engine(keeper, tenSteps(phase)).run();
    List<RecordedRequest> requests = Widgets.drain(server);

    assertThat(backoffs).as("no 409, no retry").isEmpty();
    assertThat(requests).extracting(RecordedRequest::getMethod).containsExactly("PATCH", "PATCH");
    assertThat(read().getStatus().getPhase()).isEqualTo("Running");
    assertThat(read().getStatus().getConditions()).hasSize(10); // nine tracked steps and Ready
  }
}
