package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stepsengine.RunCancelledException;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A cancelled run with the Kubernetes keeper on the fabric8 mock server (SEMANTICS K4, R7f, R9):
 * the buffered (or per-change) condition writes reach the server, every completed step's condition
 * is stored, and the caller gets {@link RunCancelledException}, never a {@code StateKeeperException}
 * from an HTTP call the interrupt aborted.
 */
@EnableKubernetesMockClient(crud = true)
class KeeperCancellationTest {
  KubernetesMockServer server;
  KubernetesClient client;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final ExecutorService caller = Executors.newSingleThreadExecutor();

  @BeforeEach
  void installCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd()).create();
  }

  @AfterEach
  void stopCaller() {
    caller.shutdownNow();
  }

  private ConditionsStateKeeper<Widget> keeper(String name, WritePolicy policy) {
    return ConditionsStateKeeper.builder(client, Widgets.create(client, "default", name))
        .writePolicy(policy).clock(clock).sleeper(d -> { }).build();
  }

  private String status(String name, String type) {
    Condition c = Widgets.condition(Widgets.read(client, "default", name), type);
    return c == null ? null : c.getStatus();
  }

  @ParameterizedTest(name = "K4 {0}: a step that interrupts its own thread and returns: its condition is stored, then RunCancelledException")
  @EnumSource(WritePolicy.class)
  void K4_interruptedCallerThread(WritePolicy policy) {
    ConditionsStateKeeper<Widget> keeper = keeper("k4-self-" + policy.name().toLowerCase().replace('_', '-'), policy);
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> { }).build(),
        SimpleStep.named("configure").state("Configured").run(ctx -> Thread.currentThread().interrupt()).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();

    Throwable thrown = catchThrowable(engine::run);
    boolean flagRestored = Thread.interrupted();

    assertThat(thrown).isInstanceOf(RunCancelledException.class);
    assertThat(flagRestored).as("the interrupt is the caller's again").isTrue();
    String name = keeper.resource().getMetadata().getName();
    assertThat(status(name, "Deployed")).isEqualTo("True");
    assertThat(status(name, "Configured")).isEqualTo("True");
    assertThat(status(name, "Notified")).isNull();
  }

  @ParameterizedTest(name = "K4 {0}: the caller's thread interrupted by another thread while a step blocks: completed conditions stored, RunCancelledException")
  @EnumSource(WritePolicy.class)
  void K4_interruptFromAnotherThread(WritePolicy policy) throws Exception {
    ConditionsStateKeeper<Widget> keeper = keeper("k4-other-" + policy.name().toLowerCase().replace('_', '-'), policy);
    CountDownLatch blocking = new CountDownLatch(1);
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> { }).build(),
        SimpleStep.named("wait").state("Waited").run(ctx -> {
          blocking.countDown();
          new CountDownLatch(1).await(); // blocks until interrupted
        }).build(),
        SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();

    Future<Throwable> run = caller.submit(() -> catchThrowable(engine::run));
    assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
    caller.shutdownNow(); // interrupts the caller's thread

    Throwable thrown = run.get(30, TimeUnit.SECONDS);
    assertThat(thrown).isInstanceOf(RunCancelledException.class);
    String name = keeper.resource().getMetadata().getName();
    assertThat(status(name, "Deployed")).isEqualTo("True");
    assertThat(status(name, "Waited")).as("the interrupted step is not a success").isNotEqualTo("True");
    assertThat(status(name, "Notified")).isNull();
  }

  @ParameterizedTest(name = "K4 {0}: a run past its deadline stores the completed steps' conditions and throws RunCancelledException")
  @EnumSource(WritePolicy.class)
  void K4_deadlinePassed(WritePolicy policy) {
    ConditionsStateKeeper<Widget> keeper = keeper("k4-deadline-" + policy.name().toLowerCase().replace('_', '-'), policy);
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).runTimeout(Duration.ofSeconds(10))
        .steps(SimpleStep.named("deploy").state("Deployed").run(ctx -> { }).build(),
            SimpleStep.named("slow").state("Slow").run(ctx -> clock.advance(Duration.ofSeconds(11))).build(),
            SimpleStep.named("notify").state("Notified").run(ctx -> { }).build()).build();

    Throwable thrown = catchThrowable(engine::run);

    assertThat(thrown).isInstanceOf(RunCancelledException.class).hasMessageContaining("deadline");
    String name = keeper.resource().getMetadata().getName();
    assertThat(status(name, "Deployed")).isEqualTo("True");
    assertThat(status(name, "Slow")).isEqualTo("True");
    assertThat(status(name, "Notified")).isNull();
  }
}
