package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.throttling.Throttle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Keeps the README's programmatic quick start compiling, running and in sync with README.md. */
class QuickStartTest {
  private final List<String> done = new ArrayList<>();

  void validate() {
    done.add("validate");
  }

  void deploy() {
    done.add("deploy");
  }

  void refreshMetrics() {
    done.add("refreshMetrics");
  }

  StepsEngine quickStart(InMemoryStateKeeper keeper) {
    // snippet:quickstart:start
    StepsEngine engine = StepsEngine.builder()
        .stateKeeper(keeper) // or a JdbcStateKeeper, or a ConditionsStateKeeper on a custom resource
        .steps(
            SimpleStep.named("validate").state("SpecValid")
                .run(ctx -> validate()).build(),
            SimpleStep.named("deploy").state(State.of("Deployed").withMessage("All resources deployed"))
                .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofSeconds(1)).build())
                .run(ctx -> deploy()).build(),
            SimpleStep.named("refreshMetrics").continueOnError()
                .throttle(Throttle.every(Duration.ofMinutes(5)))
                .run(ctx -> refreshMetrics()).build())
        .build();

    RunReport report = engine.run(); // a second run skips the steps that already succeeded
    // snippet:quickstart:end
    assertThat(report.result()).isEqualTo(RunResult.SUCCEEDED);
    return engine;
  }

  @Test
  @DisplayName("R2: the README quick start runs, and its second run skips what succeeded")
  void quickStartRuns() {
    InMemoryStateKeeper keeper = new InMemoryStateKeeper();
    StepsEngine engine = quickStart(keeper);

    RunReport second = engine.run();

    assertThat(done).containsExactly("validate", "deploy", "refreshMetrics");
    assertThat(second.outcome("validate")).isEqualTo(StepOutcome.SKIPPED_ALREADY_SUCCEEDED);
    assertThat(second.outcome("refreshMetrics")).isEqualTo(StepOutcome.THROTTLED);
    assertThat(keeper.states().get("Deployed").message()).isEqualTo("All resources deployed");
  }

  @Test
  @DisplayName("README.md shows the quick start exactly as compiled here")
  void readmeMatchesSource() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/stepsengine/QuickStartTest.java"));
    String readme = Files.readString(Path.of("../README.md"));

    assertThat(readme).contains(region(source, "snippet:quickstart"));
  }

  /** Returns the lines between the start and end markers, with their common indentation removed. */
  static String region(String source, String marker) {
    int start = source.indexOf(marker + ":start");
    int end = source.indexOf(marker + ":end");
    assertThat(start).as("marker %s:start", marker).isPositive();
    String body = source.substring(source.indexOf('\n', start) + 1, source.lastIndexOf('\n', end));
    return body.stripIndent() + "\n";
  }
}
