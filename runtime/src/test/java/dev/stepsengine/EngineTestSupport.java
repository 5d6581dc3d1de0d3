package dev.stepsengine;

import dev.stepsengine.testing.InMemoryStateKeeper;
import dev.stepsengine.testing.ManualClock;
import dev.stepsengine.throttling.Throttler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared arrangement for the engine tests: a recording keeper, a manual clock and a call log. */
abstract class EngineTestSupport {
  final InMemoryStateKeeper keeper = new InMemoryStateKeeper("test-object");
  final ManualClock clock = new ManualClock();
  final Throttler throttler = Throttler.inMemory();
  final List<String> calls = Collections.synchronizedList(new ArrayList<>());

  StepsEngine.Builder engine(PipelineStep... steps) {
    return StepsEngine.builder().stateKeeper(keeper).clock(clock).throttler(throttler).steps(steps);
  }

  /** A step that records its name in {@link #calls}. */
  SimpleStep.Builder recording(String name) {
    return SimpleStep.named(name).run(ctx -> calls.add(name));
  }

  /** A step with state {@code state} that records its name in {@link #calls}. */
  SimpleStep tracked(String name, String state) {
    return recording(name).state(state).build();
  }

  /** Returns an engine builder over {@code k} with two tracked steps: deploy (state Deployed), then notify (Notified). */
  StepsEngine.Builder deployThenNotify(StateKeeper k) {
    return StepsEngine.builder().stateKeeper(k).clock(clock).throttler(throttler)
        .steps(tracked("deploy", "Deployed"), tracked("notify", "Notified"));
  }

  /** Returns {@link #deployThenNotify} with a one-minute run deadline that passes when deploy finishes. */
  StepsEngine.Builder deadlinePassingAfterDeploy(StateKeeper k) {
    return deployThenNotify(k).runTimeout(Duration.ofMinutes(1))
        .listener(advanceClockAfter("deploy", Duration.ofMinutes(2)));
  }

  /** A listener that moves the clock by {@code by} when step {@code step} finishes: time passing between two steps. */
  StepListener advanceClockAfter(String step, Duration by) {
    return new StepListener() {
      @Override
      public void stepFinished(StepReport report) {
        if (report.name().equals(step)) {
          clock.advance(by);
        }
      }
    };
  }

  static StepAction failWith(Exception e) {
    return ctx -> {
      throw e;
    };
  }
}
