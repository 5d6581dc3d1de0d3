package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples of docs/database.md on outputs (R18), administration (J7) and schema control (J8), run here. */
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
}
