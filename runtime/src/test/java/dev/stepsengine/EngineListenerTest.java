package dev.stepsengine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EngineListenerTest extends EngineTestSupport {
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final StepListener listener = new StepListener() {
    @Override
    public void stepStarted(String path) {
      events.add("start " + path);
    }

    @Override
    public void stepFinished(StepReport report) {
    String path = report.path();
      events.add(report.outcome() + " " + path + " attempts=" + report.attempts());
    }
  };

  @Test
  @DisplayName("R15: a listener hears every step by path as the run goes, skipped ones included")
  void listenerHearsEveryStep() {
    keeper.putSucceeded("Done");
    StepsEngine engine = engine(tracked("done", "Done"),
        GroupedSteps.named("group").steps(recording("plain").build(), tracked("inner", "Inner")).build())
        .listener(listener).build();

    engine.run();

    assertThat(events).containsExactly(
        "SKIPPED_ALREADY_SUCCEEDED done attempts=0",
        "start group",
        "start group/plain",
        "SUCCEEDED group/plain attempts=1",
        "start group/inner",
        "SUCCEEDED group/inner attempts=1",
        "SUCCEEDED group attempts=1");
  }

  @Test
  @DisplayName("R15: a listener that throws does not break the run")
  void throwingListenerIgnored() {
    RunReport report = engine(recording("a").build()).listener(new StepListener() {
      @Override
      public void stepStarted(String path) {
        throw new IllegalStateException("listener bug");
      }

      @Override
      public void stepFinished(StepReport report) {
    String path = report.path();
        throw new IllegalStateException("listener bug");
      }
    }).build().run();

    assertThat(report.outcome("a")).isEqualTo(StepOutcome.SUCCEEDED);
    assertThat(calls).containsExactly("a");
  }
}
