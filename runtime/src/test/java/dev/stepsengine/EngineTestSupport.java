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
