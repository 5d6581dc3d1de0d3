package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepStatus;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.throttling.Throttler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code example of docs/database.md: it compiles and runs here, and the guide quotes it verbatim. */
class DatabaseGuideExampleTest {
  private final List<String> done = new ArrayList<>();

  private void charge() {
    done.add("charge");
  }

  private void ship() {
    done.add("ship");
  }

  @Test
  @DisplayName("J2 J6 the guide's example runs on SQLite and lists its execution")
  void example(@TempDir Path dir) {
    // tag::example[]
    DataSource dataSource = DriverManagerDataSource.sqlite(dir.resolve("orders.db"));
    try (JdbcStateKeeper keeper = JdbcStateKeeper.builder(dataSource, "order-42")
        .owner("billing-worker-1")
        .leaseDuration(Duration.ofSeconds(30))
        .build()) {
      StepsEngine engine = StepsEngine.builder()
          .stateKeeper(keeper)
          .throttler(Throttler.using(keeper.throttleStore()))
          .steps(
              SimpleStep.named("charge").state("Charged").run(ctx -> charge()).build(),
              SimpleStep.named("ship").state("Shipped").run(ctx -> ship()).build())
          .build();
      engine.run();
    }

    try (StepsDatabase db = StepsDatabase.open(dataSource)) {
      for (ExecutionStatus execution : db.executions()) {
        System.out.println(execution.executionId() + ": " + execution.states());
      }
    }
    // end::example[]

    assertThat(done).containsExactly("charge", "ship");
    try (StepsDatabase db = StepsDatabase.open(dataSource)) {
      assertThat(db.execution("order-42").orElseThrow().state("Shipped").orElseThrow().status())
          .isEqualTo(StepStatus.SUCCEEDED);
    }
  }

  @Test
  @DisplayName("docs/database.md quotes the example above verbatim")
  void guideQuotesTheExample() throws Exception {
    String source = Files.readString(Path.of("src/test/java/dev/stepsengine/jdbc/DatabaseGuideExampleTest.java"));
    String example = source.substring(source.indexOf("// tag::example[]\n") + "// tag::example[]\n".length(),
        source.indexOf("    // end::example[]"));
    String guide = Files.readString(Path.of("../docs/database.md"));

    String unindented = example.lines().map(line -> line.length() >= 4 ? line.substring(4) : line)
        .collect(Collectors.joining("\n"));

    assertThat(guide).contains("```java\n" + unindented + "\n```");
  }
}
