package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The keeper creates and migrates its own schema (SEMANTICS J1); in-process cases (two processes: {@link JdbcMultiProcessTest}). */
class JdbcSchemaTest {

  @ParameterizedTest(name = "J1 {0}: opening an empty database creates the schema at the current version")
  @EnumSource(Databases.class)
  void createsTheSchema(Databases database) {
    StepsDatabase db = StepsDatabase.open(database.fresh());

    assertThat(db.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
    assertThat(db.executions()).isEmpty();
    assertThat(db.productName()).isIn("SQLite", "PostgreSQL");
  }

  @ParameterizedTest(name = "J1 {0}: opening again is idempotent and keeps the data")
  @EnumSource(Databases.class)
  void reopeningIsIdempotent(Databases database) throws Exception {
    DriverManagerDataSource ds = database.fresh();
    JdbcStateKeeper.builder(ds, "e1").owner("w").build()
        .setStepState(StepState.of("Done", StepStatus.SUCCEEDED, "Success", "ok", null));

    StepsDatabase reopened = StepsDatabase.open(ds);
    StepsDatabase.open(ds);

    assertThat(reopened.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
    assertThat(rowCount(ds, "steps_schema")).isEqualTo(Schema.CURRENT_VERSION);
    assertThat(reopened.execution("e1").orElseThrow().state("Done").orElseThrow().status())
        .isEqualTo(StepStatus.SUCCEEDED);
  }

  @ParameterizedTest(name = "J1 {0}: a database with a newer schema is refused, not damaged")
  @EnumSource(Databases.class)
  void refusesANewerSchema(Databases database) throws Exception {
    DriverManagerDataSource ds = database.fresh();
    StepsDatabase.open(ds);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO steps_schema (version, applied_at) VALUES (" + (Schema.CURRENT_VERSION + 1) + ", 0)");
    }

    assertThatThrownBy(() -> StepsDatabase.open(ds))
        .isInstanceOf(StateKeeperException.class)
        .hasMessageContaining("schema version " + (Schema.CURRENT_VERSION + 1))
        .hasMessageContaining("upgrade steps-statekeeper-jdbc");
    assertThat(rowCount(ds, "steps_schema")).isEqualTo(Schema.CURRENT_VERSION + 1);
  }

  private static int rowCount(DriverManagerDataSource ds, String table) throws Exception {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
