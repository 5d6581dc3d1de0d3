package dev.stepsengine.example.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Test helpers: the shipped CRD, Database objects, and their conditions. */
final class DatabaseFixtures {
  static final String CRD_RESOURCE = "/crds/databases.example.stepsengine.dev-v1.yml";

  private DatabaseFixtures() {}

  /** Returns the CRD from the YAML the example ships. */
  static CustomResourceDefinition crd(KubernetesClient client) {
    try (InputStream in = DatabaseFixtures.class.getResourceAsStream(CRD_RESOURCE)) {
      return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Installs the shipped CRD and creates a Database named {@code name} with {@code replicas} replicas. */
  static Database install(KubernetesClient client, String name, int replicas) {
    client.apiextensions().v1().customResourceDefinitions().resource(crd(client)).create();
    return create(client, name, replicas);
  }

  /** Creates a Database named {@code name} with {@code replicas} replicas. */
  static Database create(KubernetesClient client, String name, int replicas) {
    Database db = new Database();
    db.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
    DatabaseSpec spec = new DatabaseSpec();
    spec.setReplicas(replicas);
    db.setSpec(spec);
    return client.resource(db).create();
  }

  /** Reads {@code name} from the server. */
  static Database read(KubernetesClient client, String name) {
    return client.resources(Database.class).inNamespace("default").withName(name).get();
  }

  /** Returns the condition {@code type} of {@code db}, or {@code null}. */
  static Condition condition(Database db, String type) {
    if (db.getStatus() == null) {
      return null;
    }
    return db.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
