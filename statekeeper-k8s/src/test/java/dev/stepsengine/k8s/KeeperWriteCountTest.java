package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.AbortedByPredicateException;
import dev.stepsengine.ReconcileResult;
import dev.stepsengine.RunReport;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepPredicate;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.WaitException;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttle;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K4 and K5 measured on the mock server's request log: how many status writes a run sends. */
@EnableKubernetesMockClient(crud = true)
class KeeperWriteCountTest {
  KubernetesMockServer server;
  KubernetesClient client;
  final ManualClock clock = new ManualClock();
  final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void createWidget() throws InterruptedException {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd()).create();
    Widgets.create(client, "default", "w");
    Widgets.drain(server);
  }

  private ConditionsStateKeeper<Widget> keeper(WritePolicy policy) {
    return ConditionsStateKeeper.builder(client, Widgets.read(client, "default", "w"))
        .writePolicy(policy).clock(clock).sleeper(sleeps::add).build();
  }

  private StepsEngine engine(ConditionsStateKeeper<Widget> keeper, List<PipelineStep> steps) {
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(steps).build();
  }

  private static List<PipelineStep> tenSteps() {
    return IntStream.rangeClosed(1, 10)
        .mapToObj(i -> (PipelineStep) SimpleStep.named("step" + i).state("Step" + i).run(ctx -> { }).build()).toList();
  }

  /** Drains the request log after the keeper was built, so only the run's own requests count. */
  private long statusWritesOf(Runnable run) throws InterruptedException {
    run.run();
    return Widgets.statusWrites(Widgets.drain(server));
  }

  @Test
  @DisplayName("K4, K10: a 10-step first run with PER_RUN sends exactly one status write, the summary condition in it")
  void k4_perRunWritesOnce() throws InterruptedException {
    ConditionsStateKeeper<Widget> keeper = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);

    long writes = statusWritesOf(() -> engine(keeper, tenSteps()).run());

    assertThat(writes).isEqualTo(1);
    assertThat(Widgets.read(client, "default", "w").getStatus().getConditions()).hasSize(11)
        .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));
  }

  @Test
  @DisplayName("K4: a 10-step first run with PER_CHANGE sends ten status writes, then the summary's")
  void k4_perChangeWritesEachChange() throws InterruptedException {
    ConditionsStateKeeper<Widget> keeper = keeper(WritePolicy.PER_CHANGE);
    Widgets.drain(server);

    assertThat(statusWritesOf(() -> engine(keeper, tenSteps()).run())).isEqualTo(11);
  }

  @Test
  @DisplayName("K4: a second run where every step is already True sends no request at all")
  void k4_secondRunWritesNothing() throws InterruptedException {
    engine(keeper(WritePolicy.PER_RUN), tenSteps()).run();
    ConditionsStateKeeper<Widget> second = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);

    engine(second, tenSteps()).run();

    assertThat(Widgets.drain(server)).isEmpty();
  }

  @Test
  @DisplayName("K4: a run stopped by a failing step flushes its buffered changes before it throws")
  void k4_failingRunStillFlushes() throws InterruptedException {
    List<PipelineStep> steps = new ArrayList<>(tenSteps().subList(0, 3));
    steps.add(SimpleStep.named("migrate").state("Migrated").run(ctx -> {
      throw new IllegalStateException("schema locked");
    }).build());
    ConditionsStateKeeper<Widget> keeper = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);

    assertThatThrownBy(() -> engine(keeper, steps).run()).isInstanceOf(StepFailedException.class);
    long writes = Widgets.statusWrites(Widgets.drain(server));

    Widget stored = Widgets.read(client, "default", "w");
    assertThat(writes).isEqualTo(1);
    assertThat(stored.getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Step1", "Step2", "Step3", "Migrated", "Ready");
    assertThat(Widgets.condition(stored, "Migrated")).extracting(Condition::getStatus, Condition::getReason)
        .containsExactly("False", "Error");
  }

  @Test
  @DisplayName("K4: a waiting run (as a reconcile) flushes once: Unknown/Waiting")
  void k4_waitingRunFlushes() throws InterruptedException {
    List<PipelineStep> steps = List.of(SimpleStep.named("replicas").state("ReplicasReady").run(ctx -> {
      throw WaitException.after(Duration.ofSeconds(20), "1 of 3 replicas ready");
    }).build());
    ConditionsStateKeeper<Widget> keeper = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);

    ReconcileResult result = engine(keeper, steps).runAsReconcilerResponse();
    long writes = Widgets.statusWrites(Widgets.drain(server));

    assertThat(writes).isEqualTo(1);
    assertThat(result.requeueAfter()).contains(Duration.ofSeconds(20));
    assertThat(Widgets.condition(Widgets.read(client, "default", "w"), "ReplicasReady"))
        .extracting(Condition::getStatus, Condition::getReason, Condition::getMessage)
        .containsExactly("Unknown", "Waiting", "1 of 3 replicas ready");
  }

  @Test
  @DisplayName("K4: a run aborted by a predicate flushes what the steps before it changed, in one write")
  void k4_abortedRunStillFlushes() throws InterruptedException {
    List<PipelineStep> steps = new ArrayList<>(tenSteps().subList(0, 2));
    steps.add(SimpleStep.named("gate").when(StepPredicate.of("maintenanceWindowOpen", () -> false))
        .abortOnPredicatesFalse().run(ctx -> { }).build());
    ConditionsStateKeeper<Widget> keeper = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);

    assertThatThrownBy(() -> engine(keeper, steps).run()).isInstanceOf(AbortedByPredicateException.class);

    assertThat(Widgets.statusWrites(Widgets.drain(server))).isEqualTo(1);
    assertThat(Widgets.read(client, "default", "w").getStatus().getConditions()).extracting(Condition::getType)
        .containsExactly("Step1", "Step2", "Ready");
  }

  @Test
  @DisplayName("K4, K7: a run whose only step is throttled sends no request; the first run wrote the annotation once")
  void k7_throttledRunWritesNothing() throws InterruptedException {
    List<PipelineStep> steps = List.of(SimpleStep.named("refresh").throttle(Throttle.every(Duration.ofMinutes(5)))
        .run(ctx -> { }).build());
    ConditionsStateKeeper<Widget> first = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);
    StepsEngine.builder().stateKeeper(first).throttler(first.throttler()).clock(clock).steps(steps).build().run();
    List<RecordedRequest> firstRun = Widgets.drain(server);
    ConditionsStateKeeper<Widget> second = keeper(WritePolicy.PER_RUN);
    Widgets.drain(server);

    RunReport report = StepsEngine.builder().stateKeeper(second).throttler(second.throttler()).clock(clock)
        .steps(steps).build().run();

    assertThat(firstRun).as("the summary condition, then the annotation (a Widget's status cannot hold throttle times)")
        .extracting(RecordedRequest::getMethod).containsExactly("PATCH", "PATCH");
    assertThat(report.outcome("refresh")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(Widgets.drain(server)).isEmpty();
  }

  @Test
  @DisplayName("K5: conflicts on every attempt end in StateKeeperException after a bounded, backed-off retry")
  void k5_retriesAreBounded() {
    server.expect().patch().withPath("/apis/test.stepsengine.dev/v1/namespaces/default/widgets/w/status")
        .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict").withMessage("modified").build())
        .times(5);
    ConditionsStateKeeper<Widget> keeper = keeper(WritePolicy.PER_RUN);

    assertThatThrownBy(() -> engine(keeper, tenSteps()).run())
        .isInstanceOf(StateKeeperException.class)
        .hasRootCauseInstanceOf(KubernetesClientException.class)
        .satisfies(e -> assertThat(((KubernetesClientException) rootCause(e)).getCode()).isEqualTo(409))
        .cause().hasMessageContaining("still conflicted with other writers after 5 attempts");
    assertThat(sleeps).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofMillis(800));
  }

  private static Throwable rootCause(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
