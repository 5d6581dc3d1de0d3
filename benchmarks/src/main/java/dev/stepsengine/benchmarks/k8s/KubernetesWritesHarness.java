package dev.stepsengine.benchmarks.k8s;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.PipelineStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.StepsException;
import dev.stepsengine.k8s.ConditionsStateKeeper;
import dev.stepsengine.k8s.WritePolicy;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark 4 — Kubernetes API requests per reconcile: a ten-step pipeline over a custom resource
 * whose conditions the {@link ConditionsStateKeeper} writes, on the fabric8 mock API server in CRUD
 * mode. For each scenario and write policy, the harness counts the requests the run itself sent
 * (the keeper is built, as in a controller, from the object the informer would hand over, so
 * building it costs no request). {@link WritePolicy#PER_CHANGE} is what the Go original does: one
 * write per transition.
 *
 * <p>Run: {@code java -cp benchmarks.jar dev.stepsengine.benchmarks.k8s.KubernetesWritesHarness};
 * prints a Markdown table.
 */
public final class KubernetesWritesHarness {
  private static final String NAMESPACE = "default";
  private static final int STEPS = 10;
  /** The step that fails in the failing scenario (1-based): four steps succeed before it. */
  private static final int FAILING_STEP = 5;
  /** Held so the level set on it stays: the mock server logs every request at INFO. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private int objects;

  private KubernetesWritesHarness() {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
        new KubernetesMixedDispatcher(responses), false);
    server.init();
    client = server.createClient();
    client.apiextensions().v1().customResourceDefinitions().resource(crd()).create();
  }

  /** Runs every scenario with both write policies and prints the table. */
  public static void main(String[] args) throws InterruptedException {
    MOCK_LOG.setLevel(Level.WARNING);
    KubernetesWritesHarness harness = new KubernetesWritesHarness();
    try {
      System.out.println("| scenario | write policy | status writes | all requests | by method |");
      System.out.println("|---|---|---:|---:|---|");
      for (WritePolicy policy : List.of(WritePolicy.PER_RUN, WritePolicy.PER_CHANGE)) {
        harness.report("first run, 10 steps succeed", policy, harness.firstRun(policy));
        harness.report("steady state, 10 steps already True", policy, harness.steadyState(policy));
        harness.report("first run, step " + FAILING_STEP + " of 10 fails", policy, harness.failingStep(policy));
      }
    } finally {
      harness.client.close();
      harness.server.destroy();
    }
  }

  private List<RecordedRequest> firstRun(WritePolicy policy) throws InterruptedException {
    Widget w = newWidget();
    return requestsOf(() -> engine(keeper(w, policy), steps(0)).run());
  }

  private List<RecordedRequest> steadyState(WritePolicy policy) throws InterruptedException {
    Widget w = newWidget();
    engine(keeper(w, policy), steps(0)).run();
    Widget reconciled = read(w);
    return requestsOf(() -> engine(keeper(reconciled, policy), steps(0)).run());
  }

  private List<RecordedRequest> failingStep(WritePolicy policy) throws InterruptedException {
    Widget w = newWidget();
    return requestsOf(() -> {
      try {
        engine(keeper(w, policy), steps(FAILING_STEP)).run();
        throw new IllegalStateException("the failing step did not fail the run");
      } catch (StepsException expected) {
        // the run stops at the failing step; its requests are what is counted
      }
    });
  }

  private void report(String scenario, WritePolicy policy, List<RecordedRequest> requests) {
    Map<String, Integer> byMethod = new TreeMap<>();
    long statusWrites = 0;
    for (RecordedRequest r : requests) {
      byMethod.merge(r.getMethod(), 1, Integer::sum);
      if (!"GET".equals(r.getMethod()) && r.getPath().split("\\?")[0].endsWith("/status")) {
        statusWrites++;
      }
    }
    System.out.printf("| %s | %s | %d | %d | %s |%n", scenario, policy, statusWrites, requests.size(),
        byMethod.isEmpty() ? "none" : byMethod.toString());
  }

  /** Drains the request log, runs {@code run}, and returns the requests it sent. */
  private List<RecordedRequest> requestsOf(Runnable run) throws InterruptedException {
    drain();
    run.run();
    return drain();
  }

  private List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(50, TimeUnit.MILLISECONDS); r != null;
        r = server.takeRequest(50, TimeUnit.MILLISECONDS)) {
      out.add(r);
    }
    return out;
  }

  private ConditionsStateKeeper<Widget> keeper(Widget w, WritePolicy policy) {
    return ConditionsStateKeeper.builder(client, w).writePolicy(policy).build();
  }

  private static StepsEngine engine(ConditionsStateKeeper<Widget> keeper, List<PipelineStep> steps) {
    return StepsEngine.builder().stateKeeper(keeper).steps(steps).build();
  }

  /** Ten tracked steps; step {@code failing} (1-based, 0 = none) throws. */
  private static List<PipelineStep> steps(int failing) {
    List<PipelineStep> steps = new ArrayList<>(STEPS);
    for (int i = 1; i <= STEPS; i++) {
      boolean fails = i == failing;
      steps.add(SimpleStep.named("step" + i).state("Step" + i + "Done").run(ctx -> {
        if (fails) {
          throw new IllegalStateException("simulated failure");
        }
      }).build());
    }
    return steps;
  }

  private Widget newWidget() {
    Widget w = new Widget();
    w.setMetadata(new ObjectMetaBuilder().withName("w" + (++objects)).withNamespace(NAMESPACE).build());
    return client.resource(w).create();
  }

  private Widget read(Widget w) {
    return client.resources(Widget.class).inNamespace(NAMESPACE).withName(w.getMetadata().getName()).get();
  }

  /** The CRD with the status subresource, which the generated definition leaves out. */
  private static CustomResourceDefinition crd() {
    return CustomResourceDefinitionContext.v1CRDFromCustomResourceType(Widget.class)
        .editSpec()
        .editFirstVersion()
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }
}
