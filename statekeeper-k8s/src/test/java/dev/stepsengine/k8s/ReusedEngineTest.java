package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.PipelineStep;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttle;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One engine built once and run over a keeper built from each object it reconciles
 * ({@code StepsEngine.runWith} / {@code reconcileWith}), as a controller that does not rebuild its
 * engine per reconcile does; on the fabric8 mock server in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class ReusedEngineTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());
  StepsEngine engine;

  @BeforeEach
  void setUp() throws InterruptedException {
    Widgets.installGadget(client, server); // gadget "g"
    Widgets.createGadget(client, "default", "h");
    Widgets.drain(server);
    List<PipelineStep> steps = List.of(
        SimpleStep.named("validate").state("Valid").run(ctx -> calls.add("validate")).build(),
        SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5))).run(ctx -> calls.add("refresh")).build(),
        SimpleStep.named("deploy").state("Deployed").run(ctx -> {
          Gadget mine = ConditionsStateKeeper.from(ctx, Gadget.class).resource(); // this reconcile's object
          calls.add("deploy " + mine.getMetadata().getName());
        }).build());
    engine = StepsEngine.builder().clock(clock).steps(steps).build(); // no keeper, no throttler
  }

  private ConditionsStateKeeper<Gadget> keeperOf(String name) {
    return ConditionsStateKeeper.builder(client, Widgets.readGadget(client, "default", name)).clock(clock).build();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> owned(String name) {
    return (Map<String, Object>) Widgets.rawGadgetStatus(client, "default", name).get("stepsEngine");
  }

  @Test
  @DisplayName("K4, K10, K13: an engine built once reconciles two objects, one status write each, conditions and throttle time on each object")
  void oneEnginePerController() throws InterruptedException {
    ReconcileResult g = engine.reconcileWith(keeperOf("g"));
    List<RecordedRequest> gRequests = Widgets.drain(server);
    ReconcileResult h = engine.reconcileWith(keeperOf("h"));
    List<RecordedRequest> hRequests = Widgets.drain(server);

    assertThat(g.isSuccess()).isTrue();
    assertThat(h.isSuccess()).isTrue();
    assertThat(Widgets.statusWrites(gRequests)).isEqualTo(1);
    assertThat(Widgets.statusWrites(hRequests)).isEqualTo(1);
    for (String name : List.of("g", "h")) {
      Gadget stored = Widgets.readGadget(client, "default", name);
      assertThat(Widgets.condition(stored, "Valid").getStatus()).isEqualTo("True");
      assertThat(Widgets.condition(stored, "Deployed").getStatus()).isEqualTo("True");
      assertThat(Widgets.condition(stored, "Ready").getStatus()).isEqualTo("True");
      assertThat(owned(name).get("throttles").toString()).as("each object's own throttle time (K13)")
          .contains("Gadget/default/" + name + ":refresh")
          .doesNotContain("Gadget/default/" + (name.equals("g") ? "h" : "g"));
    }
    assertThat(calls).containsExactly("validate", "refresh", "deploy g", "validate", "refresh", "deploy h");
  }

  @Test
  @DisplayName("K13, R4: the next reconcile of an object with a new keeper is throttled by the time on the object and sends nothing")
  void steadyStateWithTheReusedEngine() throws InterruptedException {
    engine.reconcileWith(keeperOf("g"));
    clock.advance(Duration.ofMinutes(1));
    Widgets.drain(server);

    ReconcileResult again = engine.reconcileWith(keeperOf("g"));

    assertThat(again.report().outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(again.report().outcome("deploy")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(Widgets.drain(server)).extracting(RecordedRequest::getMethod).as("only the test's own read")
        .containsExactly("GET");
  }

  @Test
  @DisplayName("K14: DeleteControls.run and ReconcileControls.cleanup take an engine built once; a success removes the finalizer without a status write")
  void deletionWithAReusedEngine() throws InterruptedException {
    StepsEngine cleanup = StepsEngine.builder().clock(clock)
        .steps(SimpleStep.named("dropData").state("DataDropped").run(ctx -> calls.add("drop")).build()).build();

    DeleteControl first = DeleteControls.run(keeperOf("g"), cleanup);
    List<RecordedRequest> firstRequests = Widgets.drain(server);
    DeleteControl second = ReconcileControls.builder().build().cleanup(keeperOf("h"), cleanup);

    assertThat(first.isRemoveFinalizer()).isTrue();
    assertThat(second.isRemoveFinalizer()).isTrue();
    assertThat(Widgets.statusWrites(firstRequests)).isZero();
    assertThat(calls).containsExactly("drop", "drop");
  }

  @Test
  @DisplayName("K11: ConditionsStateKeeper.from(ctx, type) refuses a step without a keeper, another keeper, or another resource type, saying which")
  void fromRefusesWhatItCannotType() {
    List<String> messages = Collections.synchronizedList(new ArrayList<>());
    PipelineStep probe = SimpleStep.named("probe").run(ctx -> {
      try {
        ConditionsStateKeeper.from(ctx, Gadget.class);
      } catch (IllegalStateException e) {
        messages.add(e.getMessage());
      }
      try {
        ConditionsStateKeeper.from(ctx, Widget.class);
      } catch (IllegalStateException e) {
        messages.add(e.getMessage());
      }
    }).build();
    StepsEngine probing = StepsEngine.builder().clock(clock).steps(probe).build();

    probing.run();
    probing.runWith(new dev.stepsengine.testing.InMemoryStateKeeper("memory"));
    probing.runWith(keeperOf("g"));

    assertThat(messages).hasSize(5);
    assertThat(messages.get(0)).contains("step 'probe' runs without a state keeper");
    assertThat(messages.get(2)).contains("InMemoryStateKeeper").contains("not by a ConditionsStateKeeper");
    assertThat(messages.get(4)).contains("Gadget/default/g").contains(Gadget.class.getName())
        .contains("not a " + Widget.class.getName());
  }

  @Test
  @DisplayName("K14, R13: BACKOFF keeps a RetryableException's retryAfter when it is longer than the backoff, the backoff when it is shorter")
  void backoffHonoursRetryAfter() {
    ReconcileControls controls = ReconcileControls.builder().backoff(Duration.ofMinutes(1), Duration.ofMinutes(8))
        .clock(clock).build();
    StepsEngine rateLimited = StepsEngine.builder().clock(clock).steps(SimpleStep.named("callApi").state("Called")
        .run(ctx -> {
          throw dev.stepsengine.RetryableException.after(Duration.ofMinutes(5), "429: retry after 300 s");
        }).build()).build();
    StepsEngine soon = StepsEngine.builder().clock(clock).steps(SimpleStep.named("callApi").state("Called")
        .run(ctx -> {
          throw dev.stepsengine.RetryableException.after(Duration.ofSeconds(10), "busy");
        }).build()).build();

    ConditionsStateKeeper<Gadget> g = keeperOf("g");
    ReconcileResult longer = rateLimited.reconcileWith(g);
    ConditionsStateKeeper<Gadget> h = keeperOf("h");
    ReconcileResult shorter = soon.reconcileWith(h);

    assertThat(longer.result()).isEqualTo(dev.stepsengine.RunResult.FAILED);
    assertThat(controls.delayAfter(longer, g)).contains(Duration.ofMinutes(5));
    assertThat(shorter.result()).isEqualTo(dev.stepsengine.RunResult.FAILED);
    assertThat(controls.delayAfter(shorter, h)).contains(Duration.ofMinutes(1));
  }
}
