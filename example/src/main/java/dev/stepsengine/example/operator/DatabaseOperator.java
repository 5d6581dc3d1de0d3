package dev.stepsengine.example.operator;

import dev.stepsengine.ReconcilePolicy;
import dev.stepsengine.k8s.ReconcileControls;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;

/** Runs the example operator against the cluster of the current kube config, with a simulated backend. */
public final class DatabaseOperator {
  private DatabaseOperator() {}

  /** Starts the operator; it runs until the process is stopped. */
  public static void main(String[] args) {
    // snippet:operator:start
    Operator operator = new Operator(); // JOSDK's defaults, server-side apply included
    operator.register(new DatabaseReconciler(DatabaseBackend.simulated(), ReconcilePolicy.defaults(),
        ReconcileControls.builder().backoff(Duration.ofSeconds(5), Duration.ofMinutes(5)).build()));
    operator.installShutdownHook(Duration.ofSeconds(10));
    operator.start();
    // snippet:operator:end
  }
}
