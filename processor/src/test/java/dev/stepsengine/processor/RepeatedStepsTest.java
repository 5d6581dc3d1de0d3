package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A repeatable {@code @Step}: one method as several steps, each checked by V1/V2 as a step of its own. */
class RepeatedStepsTest {

  @Test
  @DisplayName("V1/V2: one method as a tracked step and a throttled refresh compiles to two steps calling it")
  void repeatedStepCompiles() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "ConfigSynced")
          @Step(order = 5, name = "refreshConfig", throttle = @Throttle(every = "10m"))
          void syncConfig() {}
          @Step(order = 2) void deploy() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("return SimpleStep.named(\"syncConfig\")\n          .state(State.of(CONFIG_SYNCED))\n"
            + "          .run(new Actions(target, 0))");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("return SimpleStep.named(\"refreshConfig\")\n          .throttle(Throttle.every(Duration.ofMinutes(10)))\n"
            + "          .run(new Actions(target, 0))");
  }

  @Test
  @DisplayName("V2: two occurrences without their own name share the method name; reported on the second")
  void v2RepeatedStepNeedsName() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "ConfigSynced")
          @Step(order = 2)
          void syncConfig() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V2: step name \"syncConfig\" of `syncConfig (@Step 2)` is"
        + " already used by `syncConfig (@Step 1)`; step names must be unique in a pipeline: set name = \"...\"")
        .inFile(source).onLineContaining("@Step(order = 2)");
  }

  @Test
  @DisplayName("V1/V2: occurrences share an order or a state name with each other or another step")
  void v1v2RepeatedClashes() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "Ready") void first() {}
          @Step(order = 1, name = "again")
          @Step(order = 3, name = "third", state = "Ready")
          void twice() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V1: steps `first` and `twice (@Step 1)` share order 1")
        .inFile(source).onLineContaining("name = \"again\"");
    assertThat(compilation).hadErrorContaining("STEPS-V2: state name \"Ready\" of `twice (@Step 2)` is already"
        + " used by `first`").inFile(source).onLineContaining("name = \"third\"");
  }

  @Test
  @DisplayName("V7: a bad value in one occurrence is reported on that occurrence's line")
  void v7BadValueInOccurrence() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "Ready")
          @Step(order = 2, name = "refresh",
                throttle = @Throttle(every = "ten minutes"))
          void sync() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V7: throttle every \"ten minutes\" is not a positive"
        + " duration").inFile(source).onLineContaining("ten minutes");
  }
}
