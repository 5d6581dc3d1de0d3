package dev.stepsengine.benchmarks.k8s;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** The custom resource the request-count harness reconciles: no spec, a status with conditions. */
@Group("bench.stepsengine.dev")
@Version("v1")
public class Widget extends CustomResource<Void, Widget.Status> implements Namespaced {

  /** The observed state: the conditions the keeper writes. */
  public static class Status {
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
}
