package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples of docs/database.md on outputs (R18), administration (J7), schema control (J8),
 * connection pools and Flyway, run here.
 */
class DatabaseGuideSamplesTest {
  @TempDir
  Path dir;
  private final List<String> shipped = new CopyOnWriteArrayList<>();

  private String charge() {
    return "pay-42";
  }

  private void ship(String paymentId) {
    shipped.add(paymentId);
  }

  @Test
  @DisplayName("R18 J7 J8 docs/database.md samples: outputs, administration and schema control")
  void samples() {
    DataSource dataSource = DriverManagerDataSource.sqlite(dir.resolve("orders.db"));
    // snippet:database-schema:start
    StepsDatabase db = StepsDatabase.builder(dataSource)
        .tablePrefix("billing_")     // tables billing_state, billing_transition, ...
        .autoMigrate(true)           // the default; false: apply the jar's SQL files yourself
        .historyRetention(HistoryRetention.DEFAULT.withMaxAge(Duration.ofDays(30)))
        .lockTimeout(Duration.ofSeconds(5))
        .open();
    // snippet:database-schema:end
    // snippet:database-outputs:start
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "order-42").build();
    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper)
        .steps(
            SimpleStep.named("charge").state("Charged").outputs("paymentId")
                .run(ctx -> ctx.saveOutput("paymentId", charge())).build(),
            SimpleStep.named("ship").state("Shipped")
                .run(ctx -> ship(ctx.output("Charged", "paymentId").orElseThrow())).build())
        .build();
    engine.run();
    // snippet:database-outputs:end
    engine.run();
    keeper.close();
    assertThat(shipped).containsExactly("pay-42");

    // snippet:database-admin:start
    db.resetStep("order-42", "Shipped", "alice", false);     // the next run ships again
    db.resetExecution("order-42", "alice", false);           // the next run runs every step
    for (StepTransition t : db.history("order-42")) {        // who, when, from -> to, attempt
      System.out.println(t);
    }
    db.deleteExecution("order-42", false);                   // states, history, throttle times
    db.pruneHistory();                                       // the retention, for every execution
    // snippet:database-admin:end
    assertThat(db.executions()).isEmpty();
  }

  @Test
  @DisplayName("J8 docs/database.md samples on PostgreSQL: a HikariCP pool, the schema applied by Flyway, autoMigrate off")
  void poolAndFlyway() throws SQLException {
    DriverManagerDataSource database = Databases.POSTGRESQL.fresh();
    String jdbcUrl = database.url();
    String user = Databases.POSTGRESQL.user();
    String password = null;
    // snippet:database-pool:start
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);                 // jdbc:postgresql://db.internal:5432/orders
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(10);              // the threads that run pipelines at once, + 1 for lease renewal
    config.setMinimumIdle(2);
    config.setConnectionTimeout(Duration.ofSeconds(5).toMillis());  // fail fast when the database is gone
    config.setMaxLifetime(Duration.ofMinutes(30).toMillis());       // shorter than any idle cut-off on the way
    config.addDataSourceProperty("socketTimeout", "30");            // seconds: a frozen server ends the call
    try (HikariDataSource pool = new HikariDataSource(config);
        StepsDatabase db = StepsDatabase.open(pool)) {                // borrows a connection per call
      JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "order-42").build();
      StepsEngine.builder().stateKeeper(keeper).steps(steps()).build().run();
      keeper.close();
    }
    // snippet:database-pool:end
    try (HikariDataSource pool = new HikariDataSource(config); Connection c = pool.getConnection()) {
      assertThat(c.getNetworkTimeout()).as("the driver took socketTimeout (ms)").isEqualTo(30_000);
    }
    DataSource dataSource = Databases.POSTGRESQL.fresh();
    // snippet:database-flyway:start
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:dev/stepsengine/jdbc/schema/postgresql")  // or .../sqlite
        .placeholders(Map.of("prefix", "steps_"))                        // the tablePrefix (default steps_)
        .load()
        .migrate();
    StepsDatabase db = StepsDatabase.builder(dataSource).autoMigrate(false).open();
    // snippet:database-flyway:end
    try (db; StepsDatabase pooled = StepsDatabase.open(database)) {
      assertThat(pooled.execution("order-42").orElseThrow().state("Shipped").orElseThrow().status())
          .isEqualTo(StepStatus.SUCCEEDED);
      assertThat(db.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
      StepsEngine.builder().stateKeeper(JdbcStateKeeper.builder(db, "order-42").build()).steps(steps()).build().run();
      assertThat(shipped).containsExactly("pay-42", "pay-42");
    }
  }

  private List<SimpleStep> steps() {
    return List.of(
        SimpleStep.named("charge").state("Charged").outputs("paymentId")
            .run(ctx -> ctx.saveOutput("paymentId", charge())).build(),
        SimpleStep.named("ship").state("Shipped")
            .run(ctx -> ship(ctx.output("Charged", "paymentId").orElseThrow())).build());
  }
}
