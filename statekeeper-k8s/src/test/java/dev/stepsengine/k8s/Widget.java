package dev.stepsengine.k8s;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A custom resource for the keeper tests: a spec with a size, a status with conditions and a phase. */
@Group("test.stepsengine.dev")
@Version("v1")
public class Widget extends CustomResource<Widget.Spec, Widget.Status> implements Namespaced {

  /** The desired state. */
  public static class Spec {
    private int size;

    /** Returns the size. */
    public int getSize() {
      return size;
    }

    /** Sets the size. */
    public void setSize(int size) {
      this.size = size;
    }
  }

  /**
   * The observed state: conditions written by the keeper, and a field another writer owns. Fields
   * it does not model (written by other controllers) are ignored when read, as operators that share
   * a status do.
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  public static class Status {
    private java.util.List<io.fabric8.kubernetes.api.model.Condition> conditions = new java.util.ArrayList<>();
    private String phase;

    /** Returns the conditions. */
    public java.util.List<io.fabric8.kubernetes.api.model.Condition> getConditions() {
      return conditions;
    }

    /** Sets the conditions. */
    public void setConditions(java.util.List<io.fabric8.kubernetes.api.model.Condition> conditions) {
      this.conditions = conditions;
    }

    /** Returns the phase. */
    public String getPhase() {
      return phase;
    }

    /** Sets the phase. */
    public void setPhase(String phase) {
      this.phase = phase;
    }
  }
}
