package dev.stepsengine.example.operator;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;

/** A database the operator provisions: {@code databases.example.stepsengine.dev/v1}. */
// snippet:database:start
@Group("example.stepsengine.dev")
@Version("v1")
public class Database extends CustomResource<DatabaseSpec, DatabaseStatus> implements Namespaced {
  @Override
  protected DatabaseStatus initStatus() {
    return new DatabaseStatus();
  }
}
// snippet:database:end
