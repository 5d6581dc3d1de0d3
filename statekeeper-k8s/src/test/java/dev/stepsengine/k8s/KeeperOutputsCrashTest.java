package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.testing.ChildJvm;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * R18 (and J5's crash shape) for the Kubernetes keeper: a controller process
 * ({@link KeeperWorkerProcess}) over the fabric8 mock API server in CRUD mode is killed with
 * SIGKILL between the producing step and the next one, then a new process reconciles the object
 * again. What was written to the server before the kill is what the new process sees: with
 * {@code PER_CHANGE} the producer's {@code True} condition and outputs (one write), with
 * {@code PER_RUN} nothing (K4: the run's single write never happened), so the producer runs again.
 */
@EnableKubernetesMockClient(crud = true)
class KeeperOutputsCrashTest {
  private static final String NAMESPACE = "default";
  private static final String SAVED = "M saved ";
  KubernetesMockServer server;
  KubernetesClient client;

  @BeforeEach
  void createTheGadget() {
    client.apiextensions().v1().customResourceDefinitions().resource(Widgets.crd(Gadget.class)).create();
    Widgets.createGadget(client, NAMESPACE, "order");
  }

  @Test
  @DisplayName("R18: with PER_CHANGE, outputs written before SIGKILL between the producer and the next step are read by the restarted process; the producer is skipped")
  void outputsSurviveSigkillBeforeTheNextStep() throws Exception {
    WritePolicy policy = WritePolicy.PER_CHANGE;
    String saved = killAt(policy, true);
    assertThat(Widgets.condition(Widgets.readGadget(client, NAMESPACE, "order"), "Charged").getStatus())
        .isEqualTo("True");
    assertThat(storedOutputs()).isEqualTo(Map.of("Charged", Map.of("paymentId", saved)));

    List<String> restart = reconcileToTheEnd(policy);

    assertThat(restart).as("charge is skipped as already succeeded").noneMatch(l -> l.startsWith(SAVED));
    assertThat(restart).contains("SHIPPED " + saved);
  }

  @ParameterizedTest(name = "R18, K4: with {0}, SIGKILL {1} before anything reached the server: the restarted process runs the producer again and reads its new output")
  @CsvSource({"PER_CHANGE, in the producer's action", "PER_RUN, at the next step"})
  void nothingWrittenBeforeSigkillRunsTheProducerAgain(WritePolicy policy, String where) throws Exception {
    String lost = killAt(policy, where.equals("at the next step"));
    assertThat(Widgets.condition(Widgets.readGadget(client, NAMESPACE, "order"), "Charged")).isNull();
    assertThat(storedOutputs()).isEmpty();

    List<String> restart = reconcileToTheEnd(policy);

    String again = restart.stream().filter(l -> l.startsWith(SAVED)).findFirst().orElseThrow()
        .substring(SAVED.length());
    assertThat(again).isNotEqualTo(lost);
    assertThat(restart).contains("SHIPPED " + again);
    assertThat(storedOutputs()).isEqualTo(Map.of("Charged", Map.of("paymentId", again)));
  }

  /** The keeper's {@code status.stepsEngine.outputs} on the server; empty when there are none. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> storedOutputs() {
    Map<String, Object> status = Widgets.rawGadgetStatus(client, NAMESPACE, "order");
    Map<String, Object> owned = status == null ? null : (Map<String, Object>) status.get("stepsEngine");
    Object outputs = owned == null ? null : owned.get(KeeperOutputs.OUTPUTS);
    return outputs == null ? Map.of() : (Map<String, Object>) outputs;
  }

  private ChildJvm start(WritePolicy policy) throws Exception {
    return ChildJvm.start(KeeperWorkerProcess.class, client.getConfiguration().getMasterUrl(), NAMESPACE, "order",
        policy.name());
  }

  /**
   * Runs a controller process and kills it with SIGKILL right after its charge action saved the
   * payment id, or ({@code atShip}) when the ship step begins; returns the saved id.
   */
  private String killAt(WritePolicy policy, boolean atShip) throws Exception {
    try (ChildJvm child = start(policy)) {
      child.go();
      String line = child.nextLine();
      assertThat(line).as("stderr: %s", child.stderr()).startsWith(SAVED);
      if (atShip) {
        child.go();
        assertThat(child.nextLine()).as("stderr: %s", child.stderr()).isEqualTo("M before ship");
      }
      child.kill();
      return line.substring(SAVED.length());
    }
  }

  /** Runs a new controller process to the end, answering every marker; returns the lines it printed. */
  private List<String> reconcileToTheEnd(WritePolicy policy) throws Exception {
    List<String> lines = new ArrayList<>();
    try (ChildJvm child = start(policy)) {
      child.go();
      for (String line; (line = child.nextLine()) != null && !line.equals("DONE"); ) {
        lines.add(line);
        if (line.startsWith("M ")) {
          child.go();
        }
      }
      assertThat(child.waitFor()).as("restarted process; stderr: %s", child.stderr()).isZero();
    }
    return lines;
  }
}
