package dev.stepsengine.k8s;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ChildJvm;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * A controller process for the crash tests of {@code KeeperOutputsCrashTest} (SEMANTICS R18): it
 * reads the gadget {@code <namespace>/<name>} from the API server at {@code <masterUrl>} and runs
 * one reconcile with write policy {@code <policy>}: step {@code charge} saves a new payment id as
 * output {@code paymentId} of state {@code Charged} ({@code M saved <id>}); step {@code ship} reads
 * it ({@code M before ship}, then {@code SHIPPED <id>}). After each {@code M} line it waits for a line
 * on stdin, so the test can kill it there; it prints {@code DONE} at the end.
 */
public final class KeeperWorkerProcess {

  private KeeperWorkerProcess() {}

  /**
   * Runs the reconcile.
   *
   * @param args the master URL, the namespace, the gadget's name and the write policy
   */
  public static void main(String[] args) {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl(args[0]).withTrustCerts(true)
        .withNamespace(args[1]).build();
    ChildJvm.awaitGo();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      Gadget current = Widgets.readGadget(client, args[1], args[2]);
      ConditionsStateKeeper<Gadget> keeper = ConditionsStateKeeper.builder(client, current)
          .writePolicy(WritePolicy.valueOf(args[3])).build();
      StepsEngine.builder().stateKeeper(keeper).steps(
          SimpleStep.named("charge").state("Charged").outputs("paymentId").run(ctx -> {
            String id = "pay-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            ctx.saveOutput("paymentId", id);
            ChildJvm.marker("saved " + id);
          }).build(),
          SimpleStep.named("ship").state("Shipped").run(ctx -> {
            ChildJvm.marker("before ship");
            System.out.println("SHIPPED " + ctx.output("Charged", "paymentId").orElse("(none)"));
          }).build()).build().run();
    }
    System.out.println("DONE");
  }
}
