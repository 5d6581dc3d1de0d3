package dev.stepsengine.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;

/**
 * The keeper scenarios (K1–K7 of {@link KeeperScenarios}, K9–K13 of {@link SpecChangeScenarios})
 * against the fabric8 mock API server in CRUD mode, over real HTTP.
 */
@EnableKubernetesMockClient(crud = true)
class KeeperMockServerTest extends SpecChangeScenarios {
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void installCrd() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd()).create();
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd(Gadget.class)).create();
  }

  @Override
  KubernetesClient client() {
    return client;
  }

  @Override
  String namespace() {
    return "default";
  }
}
