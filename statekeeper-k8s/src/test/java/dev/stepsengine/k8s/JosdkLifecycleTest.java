package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.testing.ManualClock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K14 with a real JOSDK {@link Operator} on the fabric8 mock server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class JosdkLifecycleTest {
  KubernetesMockServer server;
  KubernetesClient client;
  private final List<Operator> operators = new ArrayList<>();
  /** JOSDK's failure metric, counted down once per failed reconcile it records. */
  private final CountDownLatch failedMetric = new CountDownLatch(4);
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void installCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd()).create();
  }

  @AfterEach
  void stopOperators() {
    operators.forEach(Operator::stop);
  }

  private LifecycleReconciler start(ReconcileControls controls, ReconcilePolicy policy,
      Consumer<ControllerConfigurationOverrider<Widget>> config) {
    return start(new LifecycleReconciler(controls, policy, clock), config);
  }

  /** Starts an operator with {@code reconciler}, set up (failing or not) before its first reconcile. */
  private LifecycleReconciler start(LifecycleReconciler reconciler, Consumer<ControllerConfigurationOverrider<Widget>> config) {
    Metrics metrics = new Metrics() {
      @Override
      public void reconciliationFailed(HasMetadata resource, RetryInfo retry, Exception e, Map<String, Object> meta) {
        failedMetric.countDown();
      }
    };
    // server-side apply off only because the mock server answers 415 to apply patches
    Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
        .withUseSSAToPatchPrimaryResource(false).withMetrics(metrics));
    operator.register(reconciler, config);
    operator.start();
    operators.add(operator);
    return reconciler;
  }

  private LifecycleReconciler start(ReconcileControls controls) {
    return start(controls, ReconcilePolicy.defaults(), o -> { });
  }

  /** Bumps the widget's generation, which makes JOSDK reconcile it at once. */
  private void editSpec() {
    client.resources(Widget.class).inNamespace("default").withName("w").edit(w -> {
      w.getSpec().setSize(w.getSpec().getSize() + 1);
      return w;
    });
  }

  @Test
  @DisplayName("K14: in JOSDK_RETRY mode a failed run throws after the keeper wrote; JOSDK retries, calls updateErrorStatus and counts the failures")
  void k14_josdkRetryGetsTheFailure() throws InterruptedException {
    LifecycleReconciler reconciler = start(ReconcileControls.josdkRetry(), ReconcilePolicy.defaults(),
        o -> o.withRetry(new GenericRetry().setMaxAttempts(3).setInitialInterval(20).setIntervalMultiplier(1)));
    reconciler.failing.set(true);

    Widgets.create(client, "default", "w");

    List<LifecycleReconciler.Call> handled = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      handled.add(reconciler.next("errorStatus"));
    }
    assertThat(handled).allSatisfy(call -> {
      assertThat(call.error()).isInstanceOf(ReconcileFailedException.class).hasRootCauseMessage("image pull failed");
      assertThat(call.conditionOnServer()).startsWith("False:").contains("image pull failed");
    });
    assertThat(handled).extracting(LifecycleReconciler.Call::retryAttempt).containsExactly(0, 1, 2, 3);
    assertThat(handled).extracting(LifecycleReconciler.Call::lastAttempt).containsExactly(false, false, false, true);
    assertThat(failedMetric.await(30, TimeUnit.SECONDS)).as("JOSDK recorded 4 failed reconciles").isTrue();
  }

  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static ReconcileControls backoff(ManualClock clock) {
    return ReconcileControls.builder().backoff(MINUTE, MINUTE.multipliedBy(8)).clock(clock).build();
  }

  /**
   * The delays are minutes on the manual clock, so JOSDK's own timers never fire during the test:
   * each further reconcile is brought by a spec edit after the clock moved by the delay scheduled.
   */
  private Duration failAgainAfter(LifecycleReconciler reconciler, Duration delay) throws InterruptedException {
    clock.advance(delay);
    editSpec();
    return reconciler.next("reconcile").delay().orElseThrow();
  }

  @Test
  @DisplayName("K14: in BACKOFF mode 5 consecutive failures reschedule after 1, 2, 4, 8, 8 minutes; a success resets it")
  void k14_backoffGrowsCapsAndResets() throws InterruptedException {
    LifecycleReconciler reconciler = start(backoff(clock));
    reconciler.failing.set(true);

    Widgets.create(client, "default", "w");
    List<Duration> delays = new ArrayList<>();
    delays.add(reconciler.next("reconcile").delay().orElseThrow());
    for (int i = 1; i < 5; i++) {
      delays.add(failAgainAfter(reconciler, delays.get(i - 1)));
    }
    assertThat(delays).containsExactly(MINUTE, MINUTE.multipliedBy(2), MINUTE.multipliedBy(4),
        MINUTE.multipliedBy(8), MINUTE.multipliedBy(8));

    reconciler.failing.set(false);
    clock.advance(MINUTE.multipliedBy(8));
    editSpec();
    assertThat(reconciler.next("reconcile").delay()).as("a success without resync schedules nothing").isEmpty();

    reconciler.failing.set(true);
    clock.advance(MINUTE.multipliedBy(30));
    editSpec();
    assertThat(reconciler.next("reconcile").delay()).as("the first failure after a success").contains(MINUTE);
  }

  @Test
  @DisplayName("K14: the BACKOFF count is read from the object, so it survives an operator restart")
  void k14_backoffSurvivesRestart() throws InterruptedException {
    LifecycleReconciler first = start(backoff(clock));
    first.failing.set(true);
    Widgets.create(client, "default", "w");
    Duration delay = first.next("reconcile").delay().orElseThrow();
    delay = failAgainAfter(first, delay);
    assertThat(delay).isEqualTo(MINUTE.multipliedBy(2));
    operators.remove(0).stop();

    LifecycleReconciler second = new LifecycleReconciler(backoff(clock), ReconcilePolicy.defaults(), clock);
    second.failing.set(true);
    clock.advance(delay); // the restart comes after the delay: the new operator's first reconcile may run as soon as it starts
    start(second, o -> { });
    assertThat(second.next("reconcile").delay()).as("the restarted operator's first reconcile").contains(MINUTE.multipliedBy(4));
  }

  @Test
  @DisplayName("K14: a success without a resync interval schedules nothing; with one, JOSDK reconciles again after it")
  void k14_successIsEventDrivenUnlessResync() throws InterruptedException {
    LifecycleReconciler eventDriven = start(ReconcileControls.builder().clock(clock).build());
    Widgets.create(client, "default", "w");
    assertThat(eventDriven.next("reconcile").delay()).isEmpty();
    operators.remove(0).stop();

    LifecycleReconciler resynced = start(ReconcileControls.builder().resyncEvery(Duration.ofMillis(300)).build());
    LifecycleReconciler.Call first = resynced.next("reconcile");
    LifecycleReconciler.Call second = resynced.next("reconcile");

    assertThat(first.delay()).contains(Duration.ofMillis(300));
    assertThat(second.delay()).contains(Duration.ofMillis(300));
  }

  @Test
  @DisplayName("K14: deleting runs the deletion pipeline from Cleaner; a failing cleanup keeps the finalizer and says why; after the fix the rescheduled cleanup removes it and the object is gone")
  void k14_deletionPipelineHoldsTheFinalizerUntilItSucceeds() throws Exception {
    LifecycleReconciler reconciler = start(ReconcileControls.builder().failureMode(FailureMode.FIXED_DELAYS).build(),
        ReconcilePolicy.builder().onFailure(Duration.ofMillis(300)).build(), o -> { });
    reconciler.cleanupFailing.set(true);
    Widgets.create(client, "default", "w");
    reconciler.next("reconcile");

    client.resources(Widget.class).inNamespace("default").withName("w").delete();
    LifecycleReconciler.Call kept = reconciler.next("cleanup");

    assertThat(kept.kind()).isEqualTo("cleanup:keep");
    assertThat(kept.delay()).as("the run's failure delay").contains(Duration.ofMillis(300));
    Widget terminating = Widgets.read(client, "default", "w");
    assertThat(terminating).as("the object is still there").isNotNull();
    assertThat(terminating.getMetadata().getDeletionTimestamp()).isNotNull();
    assertThat(terminating.getMetadata().getFinalizers()).hasSize(1);
    assertThat(Widgets.condition(terminating, "Released")).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getMessage()).contains("volume still attached");
    });

    Widgets.drain(server); // from here on, only the finalizer's removal patches the main resource
    reconciler.cleanupFailing.set(false);
    assertThat(reconciler.next("cleanup:remove").delay()).isEmpty();
    awaitFinalizerRemoval();
    assertThat(Widgets.read(client, "default", "w")).as("the object is gone").isNull();
  }

  /** Takes the mock's recorded requests (blocking, no sleep) until JOSDK's patch of the main resource. */
  private void awaitFinalizerRemoval() throws InterruptedException {
    for (var r = server.takeRequest(30, TimeUnit.SECONDS); r != null; r = server.takeRequest(30, TimeUnit.SECONDS)) {
      if ("PATCH".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/widgets/w")) {
        return;
      }
    }
    throw new AssertionError("JOSDK did not patch the finalizer away within 30 s");
  }
}
