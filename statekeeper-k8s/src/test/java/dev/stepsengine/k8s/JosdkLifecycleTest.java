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
import java.util.concurrent.atomic.AtomicInteger;
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
  private final AtomicInteger failedMetric = new AtomicInteger();
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
    LifecycleReconciler reconciler = new LifecycleReconciler(controls, policy, clock);
    Metrics metrics = new Metrics() {
      @Override
      public void reconciliationFailed(HasMetadata resource, RetryInfo retry, Exception e, Map<String, Object> meta) {
        failedMetric.incrementAndGet();
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
    assertThat(failedMetric).hasValue(4);
  }
}
