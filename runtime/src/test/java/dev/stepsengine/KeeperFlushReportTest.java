package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stepsengine.testing.ForwardingStateKeeper;
import dev.stepsengine.testing.InMemoryStateKeeper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K4, K10: the engine flushes its keeper with the run's report, so a keeper can summarize the run in the same write. */
class KeeperFlushReportTest {
  /** A keeper that records the reports it is flushed with. */
  static final class ReportingKeeper extends ForwardingStateKeeper {
    final List<RunReport> flushed = new ArrayList<>();

    ReportingKeeper() {
      super(new InMemoryStateKeeper());
    }

    @Override
    public void flush(RunReport report) {
      flushed.add(report);
      super.flush(report);
    }
  }

  @Test
  @DisplayName("K10: a successful run flushes once with its report: result SUCCEEDED and every step's outcome")
  void successReported() {
    ReportingKeeper keeper = new ReportingKeeper();

    StepsEngine.builder().stateKeeper(keeper).steps(
        SimpleStep.named("deploy").state("Deployed").run(ctx -> { }).build()).build().run();

    assertThat(keeper.flushed).hasSize(1);
    assertThat(keeper.flushed.get(0).result()).isEqualTo(RunResult.SUCCEEDED);
    assertThat(keeper.flushed.get(0).outcome("deploy")).isEqualTo(StepOutcome.SUCCEEDED);
  }

  @Test
  @DisplayName("K10: a failing run flushes with result FAILED and the failing step's outcome before it throws")
  void failureReported() {
    ReportingKeeper keeper = new ReportingKeeper();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).steps(
        SimpleStep.named("migrate").state("Migrated").run(ctx -> {
          throw new IllegalStateException("schema locked");
        }).build()).build();

    assertThatThrownBy(engine::run).isInstanceOf(StepFailedException.class);

    assertThat(keeper.flushed).singleElement().satisfies(r -> {
      assertThat(r.result()).isEqualTo(RunResult.FAILED);
      assertThat(r.outcome("migrate")).isEqualTo(StepOutcome.FAILED);
      assertThat(r.error()).get().isInstanceOf(StepFailedException.class);
    });
  }

  @Test
  @DisplayName("K4: a keeper that only overrides flush() is still flushed once per run")
  void plainFlushStillCalled() {
    InMemoryStateKeeper keeper = new InMemoryStateKeeper();

    StepsEngine.builder().stateKeeper(keeper).steps(SimpleStep.named("a").run(ctx -> { }).build()).build().run();

    assertThat(keeper.flushes()).isEqualTo(1);
  }
}
