package dev.stepsengine.k8s;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A custom resource with a {@link Widget}'s spec whose status extends {@link StepsStatus}: observedGeneration and the keeper's own field fit. */
@Group("test.stepsengine.dev")
@Version("v1")
public class Gadget extends CustomResource<Widget.Spec, Gadget.Status> implements Namespaced {

  /** The observed state: the keeper's fields, and a phase and a start time that steps write themselves. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Status extends StepsStatus {
    private String phase;
    private String startedAt;

    /** Returns the phase. */
    public String getPhase() {
      return phase;
    }

    /** Sets the phase. */
    public void setPhase(String phase) {
      this.phase = phase;
    }

    /** Returns when the flow started. */
    public String getStartedAt() {
      return startedAt;
    }

    /** Sets when the flow started. */
    public void setStartedAt(String startedAt) {
      this.startedAt = startedAt;
    }
  }
}
