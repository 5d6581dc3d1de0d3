package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A base class for the {@code status} of a custom resource driven by a {@link ConditionsStateKeeper}:
 * the conditions, {@code observedGeneration} (SEMANTICS K10) and the keeper's own field
 * {@code stepsEngine} (throttle times, K13, and step outputs, R18).
 *
 * <p>Extending it is optional but recommended: the keeper then reads the conditions straight from
 * the typed object (no JSON conversion at all), and a typed class that does not model
 * {@code observedGeneration} or {@code stepsEngine} makes the keeper leave them out (fabric8 fails
 * to read an object whose status holds a field its class does not know), so throttle times go to
 * the annotation of K7 and steps cannot save outputs.
 *
 * <pre>{@code
 * public class DatabaseStatus extends StepsStatus {
 *   private String phase;
 *   // getter and setter of phase
 * }
 * }</pre>
 */
public class StepsStatus {
  private List<Condition> conditions = new ArrayList<>();
  private Long observedGeneration;
  private Map<String, Object> stepsEngine;

  /** Creates an empty status. */
  public StepsStatus() {}

  /**
   * Returns the conditions.
   *
   * @return the conditions, in order
   */
  public List<Condition> getConditions() {
    return conditions;
  }

  /**
   * Sets the conditions.
   *
   * @param conditions the conditions
   */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  /**
   * Returns the {@code metadata.generation} the controller last reconciled (SEMANTICS K10).
   *
   * @return the generation, or {@code null} when none was written
   */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  /**
   * Sets the observed generation; the keeper writes it, steps should not.
   *
   * @param observedGeneration the generation
   */
  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /**
   * Returns the keeper's own field: throttle times ({@code throttles}) and step outputs
   * ({@code outputs}) as plain JSON values.
   *
   * @return the field, or {@code null} when the keeper wrote none
   */
  public Map<String, Object> getStepsEngine() {
    return stepsEngine;
  }

  /**
   * Sets the keeper's own field; only the keeper writes it.
   *
   * @param stepsEngine the field as plain JSON values
   */
  public void setStepsEngine(Map<String, Object> stepsEngine) {
    this.stepsEngine = stepsEngine;
  }
}
