package dev.stepsengine.benchmarks.k8s;

import dev.stepsengine.k8s.StepsStatus;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.List;

/** A custom resource whose spec is as large as a benchmark asks (a list of entries), with a {@link StepsStatus}. */
@Group("bench.stepsengine.dev")
@Version("v1")
public class Sized extends CustomResource<Sized.Spec, Sized.Status> implements Namespaced {

  /** The desired state: entries that make up most of the object's size. */
  public static class Spec {
    private List<String> entries = new ArrayList<>();

    /** Returns the entries. */
    public List<String> getEntries() {
      return entries;
    }

    /** Sets the entries. */
    public void setEntries(List<String> entries) {
      this.entries = entries;
    }
  }

  /** The observed state: the keeper's conditions and fields. */
  public static class Status extends StepsStatus {}
}
