package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.throttling.ThrottleRecord;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SEMANTICS J8 on SQLite and PostgreSQL: automatic migration and its off switch, the SQL in the jar, a table prefix. */
class JdbcSchemaControlTest {

  @ParameterizedTest(name = "J8 {0}: with a table prefix every table is named with it; the keeper works as usual")
  @EnumSource(Databases.class)
  void J8_tablePrefix(Databases database) throws Exception {
    DataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.builder(ds).tablePrefix("billing_steps_").open();
    AtomicReference<String> read = new AtomicReference<>();
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "order-1").owner("w").build();
    StepsEngine.builder().stateKeeper(keeper).steps(
        SimpleStep.named("charge").state("Charged").outputs("id").run(ctx -> ctx.saveOutput("id", "pay-1")).build(),
        SimpleStep.named("ship").state("Shipped").run(ctx -> read.set(ctx.output("Charged", "id").orElseThrow()))
            .build()).build().run();
    db.throttleStore().put("k", new ThrottleRecord(Instant.EPOCH, null));

    assertThat(read).hasValue("pay-1");
    assertThat(db.history("order-1")).hasSize(4);
    assertThat(db.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
    for (String table : new String[] {"state", "transition", "execution", "throttle", "schema"}) {
      assertThat(count(ds, "billing_steps_" + table)).as(table).isPositive();
      assertThat(tableExists(ds, "steps_" + table)).as("steps_" + table).isFalse();
    }
    assertThat(StepsDatabase.builder(ds).tablePrefix("billing_steps_").open().execution("order-1")).isPresent();
    assertThat(StepsDatabase.open(ds).executions()).as("the default tables are another keeper's").isEmpty();
  }

  @ParameterizedTest(name = "J8 a table prefix that is not an identifier is refused when set: ''{0}''")
  @ValueSource(strings = {"", "1steps_", "Steps_", "steps-", "x; DROP TABLE steps_state; --", "a\u0000b",
      "a_very_long_prefix_of_more_than_forty_chars_"})
  void J8_badPrefixRefused(String prefix) {
    FaultyDataSource ds = new FaultyDataSource(Databases.SQLITE.fresh());
    assertThatThrownBy(() -> StepsDatabase.builder(ds).tablePrefix(prefix))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix").hasMessageContaining("J8");
    assertThat(ds.connections.get()).isZero();
  }

  @ParameterizedTest(name = "J8 {0}: autoMigrate(false) refuses an empty database, naming the SQL files in the jar, and creates nothing")
  @EnumSource(Databases.class)
  void J8_offSwitchRefusesAMissingSchema(Databases database) throws Exception {
    DataSource ds = database.fresh();

    assertThatThrownBy(() -> StepsDatabase.builder(ds).autoMigrate(false).open())
        .isInstanceOf(StateKeeperException.class).hasMessageContaining("automatic migration is off")
        .hasMessageContaining("dev/stepsengine/jdbc/schema/");
    assertThat(tableExists(ds, "steps_state")).isFalse();
  }

  @ParameterizedTest(name = "J8 {0}: the SQL files in the jar, applied by an outside tool, make a schema autoMigrate(false) accepts")
  @EnumSource(Databases.class)
  void J8_shippedSqlAppliedByATool(Databases database) throws Exception {
    DataSource ds = database.fresh();
    Dialect dialect = database == Databases.SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL;
    applyLikeATool(ds, dialect, 1, "ops_");

    assertThatThrownBy(() -> StepsDatabase.builder(ds).tablePrefix("ops_").autoMigrate(false).open())
        .isInstanceOf(StateKeeperException.class).hasMessageContaining("version 1")
        .hasMessageContaining("V2__outputs_and_attempts.sql");

    applyLikeATool(ds, dialect, 2, "ops_");
    StepsDatabase db = StepsDatabase.builder(ds).tablePrefix("ops_").autoMigrate(false).open();
    assertThat(db.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
    StepsEngine.builder().stateKeeper(JdbcStateKeeper.builder(db, "e").build())
        .steps(SimpleStep.named("a").state("A").outputs("o").run(ctx -> ctx.saveOutput("o", "v")).build())
        .build().run();
    assertThat(db.execution("e").orElseThrow().state("A").orElseThrow().outputs()).containsEntry("o", "v");
    assertThat(StepsDatabase.builder(ds).tablePrefix("ops_").open().schemaVersion())
        .as("automatic migration over a tool-made schema changes nothing").isEqualTo(Schema.CURRENT_VERSION);
    assertThat(count(ds, "ops_schema")).isEqualTo(Schema.CURRENT_VERSION);
  }

  @Test
  @DisplayName("J8 every schema version's SQL ships for both databases, with the ${prefix} placeholder Flyway and Liquibase replace")
  void J8_everyVersionShips() throws Exception {
    for (Dialect dialect : Dialect.values()) {
      for (int v = 1; v <= Schema.CURRENT_VERSION; v++) {
        String name = Schema.resource(dialect, v);
        assertThat(name).contains(dialect.name().toLowerCase(Locale.ROOT)).contains("V" + v + "__");
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
          assertThat(in).as(name).isNotNull();
          String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          assertThat(sql).contains("${prefix}").doesNotContain("steps_state")
              .contains("INSERT INTO ${prefix}schema (version, applied_at) VALUES (" + v + ",");
        }
      }
    }
  }

  /** Runs migration file {@code version} as a migration tool would: placeholder replaced, statements split at ';'. */
  private static void applyLikeATool(DataSource ds, Dialect dialect, int version, String prefix) throws Exception {
    String sql;
    try (InputStream in = JdbcSchemaControlTest.class.getClassLoader()
        .getResourceAsStream(Schema.resource(dialect, version))) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${prefix}", prefix);
    }
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
    }
  }

  private static int count(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static boolean tableExists(DataSource ds, String table) throws SQLException {
    try (Connection c = ds.getConnection(); ResultSet rs = c.getMetaData().getTables(null, null, table, null)) {
      return rs.next();
    }
  }
}
