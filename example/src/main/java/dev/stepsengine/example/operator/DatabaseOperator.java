package dev.stepsengine.example.operator;

import io.javaoperatorsdk.operator.Operator;

/** Runs the example operator against the cluster of the current kube config, with a simulated backend. */
public final class DatabaseOperator {
  private DatabaseOperator() {}

  /** Starts the operator; it runs until the process is stopped. */
  public static void main(String[] args) {
    // the fabric8 mock server and some clusters lack server-side apply; plain patches work everywhere
    // snippet:operator:start
    Operator operator = new Operator(o -> o.withUseSSAToPatchPrimaryResource(false));
    operator.register(new DatabaseReconciler(DatabaseBackend.simulated()));
    operator.installShutdownHook(java.time.Duration.ofSeconds(10));
    operator.start();
    // snippet:operator:end
  }
}
