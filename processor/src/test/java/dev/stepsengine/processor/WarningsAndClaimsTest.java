package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.compileWith;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** V11 (what cannot be a pipeline) and V14 (warnings are the user's; the processor claims its annotations). */
class WarningsAndClaimsTest {
  private static final String AFTER_FINISH = """
      @Pipeline
      class Steps {
        @Step(order = 1, finishOnSuccess = true) void done() {}
        %s
        @Step(order = 2) void never() {}
      }
      """;

  @Test
  @DisplayName("V11: @Pipeline on an interface says a pipeline is a class")
  void v11PipelineOnInterface() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        interface Steps {
          @Step(order = 1) default void first() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V11: @Pipeline is on interface `Steps`, but a pipeline is a"
        + " class: the generated code calls the @Step methods of the instance you pass in; put @Pipeline on a class")
        .inFile(source).onLineContaining("@Pipeline");
    assertThat(compilation).hadErrorContaining("STEPS-V11: @Step method `first` is in interface `Steps`, which"
        + " cannot be a pipeline").inFile(source).onLineContaining("void first");
    assertThat(compilation).hadErrorCount(2);
  }

  @Test
  @DisplayName("V11: @Pipeline on an annotation type, with the link to the rule's docs section")
  void v11PipelineOnAnnotationType() {
    JavaFileObject source = pipeline("Marker", """
        @Pipeline
        @interface Marker {}
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V11: @Pipeline is on annotation type `Marker`")
        .inFile(source).onLineContaining("@Pipeline");
    assertThat(compilation).hadErrorContaining("(see docs/annotations.md#steps-v11)");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @DisplayName("V14: @SuppressWarnings(\"steps:V10\") on the step drops the warning")
  void v14SuppressOnElement() {
    Compilation compilation = compile(pipeline("Steps", AFTER_FINISH.formatted("@SuppressWarnings(\"steps:V10\")")));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.StepsPipeline");
  }

  @Test
  @DisplayName("V14: @SuppressWarnings with another rule's key keeps the warning")
  void v14OtherKeyKeepsWarning() {
    JavaFileObject source = pipeline("Steps", AFTER_FINISH.formatted("@SuppressWarnings(\"steps:V8\")"));
    assertThat(compile(source)).hadWarningContaining("STEPS-V10: step `never` comes after `done`")
        .inFile(source).onLineContaining("order = 2");
  }

  @Test
  @DisplayName("V14: @SuppressWarnings(\"steps\") on the class drops every warning of its steps")
  void v14SuppressOnClass() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        @SuppressWarnings("steps")
        class Steps {
          @Step(order = 1, finishOnSuccess = true) void done() {}
          @Step(order = 2, skipStateCheck = true) void never() {}
        }
        """);
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("V14: -Asteps.warnings=error makes a warning an error, and nothing is generated")
  void v14WarningsAsErrors() {
    JavaFileObject source = pipeline("Steps", AFTER_FINISH.formatted(""));
    Compilation compilation = compileWith(List.of("-Asteps.warnings=error"), source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V10: step `never` comes after `done`")
        .inFile(source).onLineContaining("order = 2");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  @DisplayName("V14: -Asteps.warnings=error still honours @SuppressWarnings")
  void v14WarningsAsErrorsHonoursSuppression() {
    JavaFileObject source = pipeline("Steps", AFTER_FINISH.formatted("@SuppressWarnings(\"steps:V10\")"));
    assertThat(compileWith(List.of("-Asteps.warnings=error"), source)).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("V14: -Asteps.warnings=ignore silences warnings; errors stay")
  void v14WarningsIgnored() {
    assertThat(compileWith(List.of("-Asteps.warnings=ignore"), pipeline("Steps", AFTER_FINISH.formatted(""))))
        .succeededWithoutWarnings();
    JavaFileObject broken = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) void a() {}
          @Step(order = 1) void b() {}
        }
        """);
    assertThat(compileWith(List.of("-Asteps.warnings=ignore"), broken)).hadErrorContaining("STEPS-V1");
  }

  @Test
  @DisplayName("V14: an unknown -Asteps.warnings value is an error naming the allowed values")
  void v14BadOption() {
    Compilation compilation = compileWith(List.of("-Asteps.warnings=loud"), pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) void a() {}
        }
        """));
    assertThat(compilation).hadErrorContaining("STEPS-V14: processor option -Asteps.warnings=loud is not one of"
        + " warn, error, ignore");
  }

  @Test
  @DisplayName("V14: -Xlint:all -Werror passes on correct code (the processor claims its annotations)")
  void v14StrictBuildPasses() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        @Parallel(name = "checks", maxConcurrency = 2)
        class Steps {
          boolean enabled() { return true; }
          @Step(order = 1, state = "Ready", when = "enabled",
                throttle = @Throttle(every = "5m"), retry = @Retry(maxAttempts = 2)) void first() {}
          @Step(order = 2, parallel = "checks") void a(StepContext ctx) {}
          @Step(order = 2, parallel = "checks") void b() {}
          @Step(order = 3) Inner inner() { return new Inner(); }
          @Step(order = 4) List<dev.stepsengine.PipelineStep> more() { return List.of(); }
        }
        """);
    JavaFileObject inner = pipeline("Inner", """
        @Pipeline
        class Inner {
          @Step(order = 1, state = "InnerDone") void only() {}
        }
        """);
    Compilation compilation = compileWith(List.of("-Xlint:all", "-Werror"), source, inner);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.StepsPipeline");
  }
}
