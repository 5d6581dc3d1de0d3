package dev.stepsengine.example.operator;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed: one standard condition per step, written by the state keeper. */
public class DatabaseStatus {
  private List<Condition> conditions = new ArrayList<>();

  /** Returns the conditions. */
  public List<Condition> getConditions() {
    return conditions;
  }

  /** Sets the conditions. */
  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
