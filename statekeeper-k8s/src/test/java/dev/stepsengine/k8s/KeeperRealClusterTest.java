package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The keeper scenarios (K1–K7 of {@link KeeperScenarios}, K9–K13 of {@link SpecChangeScenarios})
 * against the real cluster that {@code KUBECONFIG} points at, in a namespace of their own that is
 * deleted afterwards; skipped, with the reason printed, when it is not set ({@link
 * KeeperMockServerTest} runs the same scenarios on the mock server in every build). The Widget and
 * Gadget CRDs ({@code widgets.test.stepsengine.dev}, {@code gadgets.test.stepsengine.dev}) are
 * installed and left in place.
 */
class KeeperRealClusterTest extends SpecChangeScenarios {
  private static KubernetesClient cluster;
  private static String namespace;

  @BeforeAll
  static void connect() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      String reason = "KeeperRealClusterTest skipped: KUBECONFIG is not set; point it at a cluster to run the"
          + " keeper scenarios there (KeeperMockServerTest runs them on the mock server)";
      System.out.println(reason);
      Assumptions.abort(reason);
    }
    cluster = new KubernetesClientBuilder().build();
    for (CustomResourceDefinition crd : List.of(Widgets.crd(), Widgets.crd(Gadget.class))) {
      cluster.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
      cluster.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
              .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())), 60,
              TimeUnit.SECONDS);
    }
    namespace = "steps-k8s-test-" + UUID.randomUUID().toString().substring(0, 8);
    cluster.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
  }

  @AfterAll
  static void disconnect() {
    if (cluster != null) {
      cluster.namespaces().withName(namespace).delete();
      cluster.close();
    }
  }

  @Override
  KubernetesClient client() {
    return cluster;
  }

  @Override
  String namespace() {
    return namespace;
  }
}
