package dev.stepsengine.example.operator;

import dev.stepsengine.k8s.StepsStatus;

/**
 * What the operator observed: one standard condition per step and the summary condition
 * {@code Ready}, {@code observedGeneration} and the keeper's own field (all from
 * {@link StepsStatus}), and the endpoint a step publishes.
 */
// snippet:status:start
public class DatabaseStatus extends StepsStatus {
  private String endpoint;

  /** Returns where clients connect, once published. */
  public String getEndpoint() {
    return endpoint;
  }

  /** Sets where clients connect. */
  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }
}
// snippet:status:end
