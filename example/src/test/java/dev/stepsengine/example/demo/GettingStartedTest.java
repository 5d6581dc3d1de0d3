// snippet:getting-started-test:start
package dev.stepsengine.example.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.RunReport;
import dev.stepsengine.StepFailedException;
import dev.stepsengine.StepOutcome;
import dev.stepsengine.StepReport;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.jdbc.DriverManagerDataSource;
import dev.stepsengine.jdbc.JdbcStateKeeper;
import dev.stepsengine.jdbc.StepsDatabase;
import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.testing.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test file of docs/getting-started.md (copied there verbatim): the guide's samples run as tests. */
class GettingStartedTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("R2: the generated pipeline runs on a SQLite keeper, and a second run skips every step")
  void runOnSqlite() {
    OrderSteps order = new OrderSteps();

    RunReport second = runTwice(order);

    assertThat(second.allSteps()).extracting(StepReport::outcome)
        .containsOnly(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(order.log).containsExactly("stock reserved", "charged on attempt 1", "shipped");
    StepsDatabase database = StepsDatabase.open(DriverManagerDataSource.sqlite(dir.resolve("orders.db")));
    assertThat(database.execution("order-42").orElseThrow().states()).hasSize(3).allMatch(StepState::isSucceeded);
  }

  RunReport runTwice(OrderSteps order) {
    StepsDatabase database = StepsDatabase.open(DriverManagerDataSource.sqlite(dir.resolve("orders.db")));
    try (JdbcStateKeeper keeper = JdbcStateKeeper.builder(database, "order-42").build()) {
      StepsEngine engine = OrderStepsPipeline.engine(order) // generated from OrderSteps
          .stateKeeper(keeper)
          .build();

      engine.run(); // runs the three steps
      return engine.run(); // skips them all: their stored states are SUCCEEDED
    }
  }

  @Test
  @DisplayName("R6: the payment is retried with backoff, and the test does not wait for it")
  void paymentIsRetried() {
    OrderSteps order = new OrderSteps();
    order.gatewayTimeouts = 2;
    InMemoryStateKeeper keeper = new InMemoryStateKeeper();
    ManualClock clock = new ManualClock(); // the engine "sleeps" by moving this clock

    RunReport report = OrderStepsPipeline.engine(order).stateKeeper(keeper).clock(clock).build().run();

    assertThat(report.step("chargePayment").orElseThrow().attempts()).isEqualTo(3);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(keeper.states().get("PaymentCharged").status()).isEqualTo(StepStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("R7d, R2: a failed step is recorded and calls onFail; the next run resumes there")
  void failedStepResumes() {
    OrderSteps order = new OrderSteps();
    order.warehouseDown = true;
    InMemoryStateKeeper keeper = new InMemoryStateKeeper();
    StepsEngine engine = OrderStepsPipeline.engine(order).stateKeeper(keeper).build();

    assertThatThrownBy(engine::run).isInstanceOfSatisfying(StepFailedException.class,
        e -> assertThat(e.stepName()).isEqualTo("ship"));
    assertThat(keeper.states().get("Shipped").status()).isEqualTo(StepStatus.FAILED);
    assertThat(order.log).contains("support alerted: ship failed: warehouse unreachable");

    order.warehouseDown = false;
    RunReport second = engine.run();

    assertThat(second.outcome("reserveStock")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(second.outcome("chargePayment")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(second.outcome("ship")).isEqualTo(StepOutcome.SUCCEEDED);
  }
}
// snippet:getting-started-test:end
