package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StateKeeperException;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SEMANTICS J8 with a real Flyway (core and its PostgreSQL module; SQLite support is in the core):
 * the SQL files the jar ships under {@code dev/stepsengine/jdbc/schema/<database>/}, applied by
 * Flyway with the table prefix as its {@code prefix} placeholder, make a schema that a keeper with
 * automatic migration off accepts and works on.
 */
class JdbcFlywayTest {
  private static final String PREFIX = "billing_";

  /** Returns a Flyway that applies the jar's SQL files of {@code database} to {@code ds}, up to {@code target}. */
  private static Flyway flyway(DataSource ds, Databases database, String target) {
    Dialect dialect = database == Databases.SQLITE ? Dialect.SQLITE : Dialect.POSTGRESQL;
    return Flyway.configure()
        .dataSource(ds)
        .locations("classpath:dev/stepsengine/jdbc/schema/" + dialect.name().toLowerCase(Locale.ROOT))
        .placeholders(Map.of("prefix", PREFIX))
        .target(target)
        .load();
  }

  @ParameterizedTest(name = "J8: {0}: Flyway applies the jar's SQL files; a keeper with autoMigrate(false) runs on them")
  @EnumSource(Databases.class)
  void flywayMadeSchemaIsAccepted(Databases database) {
    DataSource ds = database.fresh();

    MigrateResult result = flyway(ds, database, "latest").migrate();

    assertThat(result.migrationsExecuted).as("one migration per schema version").isEqualTo(Schema.CURRENT_VERSION);
    try (StepsDatabase db = StepsDatabase.builder(ds).tablePrefix(PREFIX).autoMigrate(false).open()) {
      assertThat(db.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
      JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "order-42").build();
      StepsEngine.builder().stateKeeper(keeper)
          .steps(SimpleStep.named("charge").state("Charged").outputs("paymentId")
                  .run(ctx -> ctx.saveOutput("paymentId", "pay-42")).build(),
              SimpleStep.named("ship").state("Shipped").run(ctx -> { }).build())
          .build().run();

      assertThat(db.execution("order-42").orElseThrow().state("Charged").orElseThrow().outputs())
          .containsEntry("paymentId", "pay-42");
      assertThat(Histories.count(db.history("order-42"), "Shipped", StepStatus.SUCCEEDED)).isEqualTo(1);
    }
    assertThat(flyway(ds, database, "latest").validateWithResult().validationSuccessful)
        .as("the keeper changed nothing Flyway manages").isTrue();
    assertThat(flyway(ds, database, "latest").migrate().migrationsExecuted).as("nothing left to apply").isZero();
  }

  @ParameterizedTest(name = "J8: {0}: a schema Flyway left at version 1 is refused, naming the next file; Flyway's upgrade is then accepted")
  @EnumSource(Databases.class)
  void flywayUpgradeIsNeededAndAccepted(Databases database) {
    DataSource ds = database.fresh();
    flyway(ds, database, "1").migrate();

    assertThatThrownBy(() -> StepsDatabase.builder(ds).tablePrefix(PREFIX).autoMigrate(false).open())
        .isInstanceOf(StateKeeperException.class).hasMessageContaining("version 1")
        .hasMessageContaining(Schema.FILES.get(1));

    assertThat(flyway(ds, database, "latest").migrate().migrationsExecuted).isEqualTo(Schema.CURRENT_VERSION - 1);
    try (StepsDatabase db = StepsDatabase.builder(ds).tablePrefix(PREFIX).autoMigrate(false).open()) {
      assertThat(db.schemaVersion()).isEqualTo(Schema.CURRENT_VERSION);
    }
  }
}
