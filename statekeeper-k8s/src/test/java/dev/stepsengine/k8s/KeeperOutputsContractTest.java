package dev.stepsengine.k8s;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.testing.OutputsContract;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

/**
 * The R18 outputs contract for {@link ConditionsStateKeeper} over the fabric8 mock API server in
 * CRUD mode: each keeper tracks a new {@link Gadget} (whose status holds the keeper's own field),
 * "reopen" is a keeper built from the object read again from the server, as the next reconcile
 * (or a restarted operator) builds it; a {@link Widget}, whose status class has no such field, is
 * the keeper that cannot store outputs.
 */
@EnableKubernetesMockClient(crud = true)
class KeeperOutputsContractTest extends OutputsContract {
  private static final String NAMESPACE = "default";
  private final AtomicInteger objects = new AtomicInteger();
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void installCrds() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd(Gadget.class)).create();
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd()).create();
  }

  @Override
  protected StateKeeper newKeeper() {
    return ConditionsStateKeeper.of(client,
        Widgets.createGadget(client, NAMESPACE, "r18-" + objects.incrementAndGet()));
  }

  @Override
  protected StateKeeper reopen(StateKeeper keeper) {
    String name = ((ConditionsStateKeeper<?>) keeper).resource().getMetadata().getName();
    return ConditionsStateKeeper.of(client, Widgets.readGadget(client, NAMESPACE, name));
  }

  @Override
  protected Optional<StateKeeper> newKeeperWithoutOutputs() {
    return Optional.of(ConditionsStateKeeper.of(client,
        Widgets.create(client, NAMESPACE, "no-outputs-" + objects.incrementAndGet())));
  }
}
