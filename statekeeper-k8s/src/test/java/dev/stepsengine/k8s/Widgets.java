package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Test helpers: the Widget CRD, objects of it, and the mock server's request log. */
final class Widgets {
  private Widgets() {}

  /** The Widget CRD with the status subresource, which the generated definition leaves out. */
  static CustomResourceDefinition crd() {
    return crd(Widget.class);
  }

  /** The CRD of {@code type} with the status subresource, which the generated definition leaves out. */
  static CustomResourceDefinition crd(Class<? extends io.fabric8.kubernetes.client.CustomResource<?, ?>> type) {
    return CustomResourceDefinitionContext.v1CRDFromCustomResourceType(type)
        .editSpec()
        .editFirstVersion()
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  /** Creates a widget named {@code name} in {@code namespace} and returns it as the server stored it. */
  static Widget create(KubernetesClient client, String namespace, String name) {
    Widget w = new Widget();
    w.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    Widget.Spec spec = new Widget.Spec();
    spec.setSize(1);
    w.setSpec(spec);
    return client.resource(w).create();
  }

  /** Creates a gadget named {@code name} in {@code namespace} and returns it as the server stored it. */
  static Gadget createGadget(KubernetesClient client, String namespace, String name) {
    Gadget g = new Gadget();
    g.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    Widget.Spec spec = new Widget.Spec();
    spec.setSize(1);
    g.setSpec(spec);
    return client.resource(g).create();
  }

  /** Installs the Gadget CRD, creates gadget {@code g} in {@code default} and empties the request log. */
  static void installGadget(KubernetesClient client, KubernetesMockServer server) throws InterruptedException {
    client.apiextensions().v1().customResourceDefinitions().resource(crd(Gadget.class)).create();
    createGadget(client, "default", "g");
    drain(server);
  }

  /** Reads the gadget from the server. */
  static Gadget readGadget(KubernetesClient client, String namespace, String name) {
    return client.resources(Gadget.class).inNamespace(namespace).withName(name).get();
  }

  /** Edits the gadget's spec (the server moves metadata.generation on) and returns it as stored. */
  static Gadget editSpec(KubernetesClient client, String namespace, String name, int size) {
    return client.resources(Gadget.class).inNamespace(namespace).withName(name).edit(g -> {
      g.getSpec().setSize(size);
      return g;
    });
  }

  /** Reads the gadget's {@code status} from the server as plain JSON values. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> rawGadgetStatus(KubernetesClient client, String namespace, String name) {
    return (Map<String, Object>) client.genericKubernetesResources("test.stepsengine.dev/v1", "Gadget")
        .inNamespace(namespace).withName(name).get().getAdditionalProperties().get("status");
  }

  /** Returns the condition of {@code type} on {@code g}, or {@code null}. */
  static Condition condition(Gadget g, String type) {
    if (g.getStatus() == null) {
      return null;
    }
    return g.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Returns how many of {@code requests} are writes (not GET). */
  static long writes(List<RecordedRequest> requests) {
    return requests.stream().filter(r -> !"GET".equals(r.getMethod())).count();
  }

  /** Reads the widget from the server. */
  static Widget read(KubernetesClient client, String namespace, String name) {
    return client.resources(Widget.class).inNamespace(namespace).withName(name).get();
  }

  /** Reads the widget's {@code status} from the server as plain JSON values, fields the typed class lacks included. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> rawStatus(KubernetesClient client, String namespace, String name) {
    return (Map<String, Object>) client.genericKubernetesResources("test.stepsengine.dev/v1", "Widget")
        .inNamespace(namespace).withName(name).get().getAdditionalProperties().get("status");
  }

  /** Another controller's write of {@code status} as a whole, with fields the typed class does not model. */
  static void writeStatusAsAnotherController(KubernetesClient client, Widget current, Map<String, Object> status) {
    client.resource(current).subresource("status").patch(PatchContext.of(PatchType.JSON),
        client.getKubernetesSerialization().asJson(List.of(Map.of("op", "add", "path", "/status", "value", status))));
  }

  /** Returns the condition of {@code type} on {@code w}, or {@code null}. */
  static Condition condition(Widget w, String type) {
    if (w.getStatus() == null) {
      return null;
    }
    return w.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }

  /** Another controller's write: adds condition {@code type} and sets the phase, with a JSON Patch of its own. */
  static void writeAsAnotherController(KubernetesClient client, Widget current, String type, String phase) {
    Condition other = new ConditionBuilder().withType(type).withStatus("True").withReason("Observed")
        .withMessage("written by another controller").withLastTransitionTime("2026-01-01T00:00:00Z").build();
    List<Map<String, Object>> ops = new ArrayList<>();
    if (current.getStatus() == null) {
      ops.add(Map.of("op", "add", "path", "/status", "value", Map.of("conditions", List.of(other), "phase", phase)));
    } else {
      ops.add(Map.of("op", "add", "path", "/status/conditions/-", "value", other));
      ops.add(Map.of("op", "add", "path", "/status/phase", "value", phase));
    }
    client.resource(current).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), client.getKubernetesSerialization().asJson(ops));
  }

  /** Takes every request the mock server recorded since the last call. */
  static List<RecordedRequest> drain(KubernetesMockServer server) throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      out.add(r);
    }
    return out;
  }

  /** Returns how many of {@code requests} wrote the status subresource. */
  static long statusWrites(List<RecordedRequest> requests) {
    return requests.stream()
        .filter(r -> !"GET".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/status"))
        .count();
  }

  /** kstatus's reading of an object: Current, InProgress or Failed (sigs.k8s.io/cli-utils kstatus rules). */
  static String kstatus(Gadget g) {
    Long observed = g.getStatus() == null ? null : g.getStatus().getObservedGeneration();
    if (observed == null || observed < g.getMetadata().getGeneration()) {
      return "InProgress";
    }
    Condition reconciling = condition(g, "Reconciling");
    Condition stalled = condition(g, "Stalled");
    Condition ready = condition(g, "Ready");
    if (reconciling != null && "True".equals(reconciling.getStatus())) {
      return "InProgress";
    }
    if (stalled != null && "True".equals(stalled.getStatus())) {
      return "Failed";
    }
    return ready == null || "True".equals(ready.getStatus()) ? "Current" : "InProgress";
  }
}
