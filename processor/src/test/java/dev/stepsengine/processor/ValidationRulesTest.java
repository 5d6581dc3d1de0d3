package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One failing source per compile-time rule of SEMANTICS V1–V11: code, message, file and line. */
class ValidationRulesTest {

  @Test
  @DisplayName("V1: two steps of one sequence share an order")
  void v1DuplicateOrder() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) void first() {}
          @Step(order = 1, state = "Second") void second() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V1: steps `first` and `second` share order 1; give each step"
        + " its own order, or run them concurrently with the same parallel = \"...\" group")
        .inFile(source).onLineContaining("state = \"Second\"");
  }

  @Test
  @DisplayName("V2: two steps share a state name")
  void v2DuplicateStateName() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "Ready") void first() {}
          @Step(order = 2,
                state = "Ready") void second() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V2: state name \"Ready\" of `second` is already used by"
        + " `first`; every step of a pipeline, groups included, needs its own state name")
        .inFile(source).onLineContaining("state = \"Ready\") void second");
  }

  @Test
  @DisplayName("V2: two steps share a step name")
  void v2DuplicateStepName() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) void deploy() {}
          @Step(order = 2, name = "deploy") void deployAgain() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V2: step name \"deploy\" of `deployAgain` is already used"
        + " by `deploy`; step names must be unique in a pipeline: set name = \"...\"")
        .inFile(source).onLineContaining("name = \"deploy\"");
  }

  @Test
  @DisplayName("V2: a step name that breaks the step-name syntax")
  void v2InvalidStepName() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, name = "deploy now!") void deploy() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V2: step name \"deploy now!\" may hold only letters,"
        + " digits, '_', '-', '.' and ':'").inFile(source).onLineContaining("deploy now!");
  }

  @Test
  @DisplayName("V3: a state name that is not a Kubernetes condition type, and a bad reason")
  void v3InvalidStateNameAndReason() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "db ready!") void first() {}
          @Step(order = 2, state = "Second",
                reason = "1st") void second() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V3: state name \"db ready!\" is not a Kubernetes condition"
        + " type").inFile(source).onLineContaining("db ready!");
    assertThat(compilation).hadErrorContaining("such as \"DbReady\"").inFile(source).onLineContaining("db ready!");
    assertThat(compilation).hadErrorContaining("STEPS-V3: reason \"1st\" is not a Kubernetes condition reason")
        .inFile(source).onLineContaining("reason = \"1st\"");
  }

  @Test
  @DisplayName("V4: a private or static step method cannot be called by the generated code")
  void v4MethodNotCallable() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) private void hidden() {}
          @Step(order = 2) static void shared() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V4: step method `hidden` is private; the generated pipeline"
        + " calls it directly, so make it an instance method that is not private, abstract or generic")
        .inFile(source).onLineContaining("hidden()");
    assertThat(compilation).hadErrorContaining("STEPS-V4: step method `shared` is static")
        .inFile(source).onLineContaining("shared()");
  }

  @Test
  @DisplayName("V4: a private pipeline class cannot be reached by the generated code")
  void v4PrivateClass() {
    JavaFileObject source = pipeline("Outer", """
        class Outer {
          @Pipeline
          private static class Hidden {
            @Step(order = 1) void work() {}
          }
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V4: pipeline class `Hidden` is private")
        .inFile(source).onLineContaining("@Pipeline");
  }

  @Test
  @DisplayName("V5: parameters and return types outside the allowed set")
  void v5BadShape() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) void withName(String name) {}
          @Step(order = 2) String result() { return ""; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V5: step method `withName` takes (java.lang.String); a step"
        + " method takes no parameter or one StepContext").inFile(source).onLineContaining("withName");
    assertThat(compilation).hadErrorContaining("STEPS-V5: step method `result` returns java.lang.String; a step"
        + " method returns void, List<PipelineStep> (a dynamic step) or an instance of a @Pipeline class (a group)")
        .inFile(source).onLineContaining("result()");
  }

  @Test
  @DisplayName("V6: an unknown predicate name gets a did-you-mean suggestion")
  void v6UnknownPredicate() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, when = "isReddy") void deploy() {}
          boolean isReady() { return true; }
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V6: predicate \"isReddy\" names no method of `Steps`;"
        + " did you mean `isReady`?").inFile(source).onLineContaining("isReddy");
  }

  @Test
  @DisplayName("V6: predicate and onFail methods of the wrong shape")
  void v6WrongShapes() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, when = "count",
                onFail = "cleanup") void deploy() {}
          int count() { return 1; }
          void cleanup(String step) {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V6: predicate `count` is `int count()`; a predicate is"
        + " `boolean count()` or `boolean count(StepContext ctx)`").inFile(source).onLineContaining("when = \"count\"");
    assertThat(compilation).hadErrorContaining("STEPS-V6: onFail method `cleanup` is `void cleanup(java.lang.String)`")
        .inFile(source).onLineContaining("onFail = \"cleanup\"");
  }

  @Test
  @DisplayName("V6: a throttle interval method that does not exist, or has the wrong shape")
  void v6IntervalMethod() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, throttle = @Throttle(everyMethod = "intervall")) void first() {}
          @Step(order = 2, throttle = @Throttle(
                everyMethod = "count")) void second() {}
          java.time.Duration interval() { return java.time.Duration.ofMinutes(1); }
          long count() { return 1; }
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V6: interval method \"intervall\" names no method of `Steps`;"
        + " did you mean `interval`?").inFile(source).onLineContaining("intervall");
    assertThat(compilation).hadErrorContaining("STEPS-V6: interval method `count` is `long count()`; an interval"
        + " method is `java.time.Duration count()`").inFile(source).onLineContaining("everyMethod = \"count\"");
  }

  @Test
  @DisplayName("V6: a @Parallel declaration that names no group")
  void v6UnusedParallel() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        @Parallel(name = "batchs", maxConcurrency = 2)
        class Steps {
          @Step(order = 1, parallel = "batches") void a() {}
          @Step(order = 1, parallel = "batches") void b() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V6: @Parallel(name = \"batchs\") names no group of"
        + " `Steps`; steps join a group with @Step(parallel = \"batchs\"); did you mean `batches`?")
        .inFile(source).onLineContaining("name = \"batchs\"");
  }

  @Test
  @DisplayName("V7: a duration that does not parse, and an inconsistent retry policy")
  void v7BadDurationAndRetry() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, throttle = @Throttle(every = "5 minutes")) void refresh() {}
          @Step(order = 2, retry = @Retry(maxAttempts = 0,
                backoff = "10s", maxBackoff = "1s")) void deploy() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V7: throttle every \"5 minutes\" is not a positive duration;"
        + " write an amount and a unit (ms, s, m, h, d), such as \"500ms\", \"5m\" or \"1h30m\"")
        .inFile(source).onLineContaining("5 minutes");
    assertThat(compilation).hadErrorContaining("STEPS-V7: retry maxAttempts of step `deploy` must be at least 1, was 0")
        .inFile(source).onLineContaining("maxAttempts = 0");
    assertThat(compilation).hadErrorContaining("STEPS-V7: retry maxBackoff \"1s\" of step `deploy` is shorter than"
        + " its backoff \"10s\"").inFile(source).onLineContaining("maxBackoff = \"1s\"");
  }

  @Test
  @DisplayName("V7: a zero duration is not positive")
  void v7ZeroDuration() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, throttle = @Throttle(every = "0s")) void refresh() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V7: throttle every \"0s\" is not a positive duration")
        .inFile(source).onLineContaining("0s");
  }

  @Test
  @DisplayName("V7: a negative maxConcurrency of a parallel group")
  void v7ParallelMaxConcurrency() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        @Parallel(name = "p", maxConcurrency = -1)
        class Steps {
          @Step(order = 1, parallel = "p") void a() {}
          @Step(order = 1, parallel = "p") void b() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V7: maxConcurrency of parallel group \"p\" must be at"
        + " least 1 (or 0 for all children), was -1").inFile(source).onLineContaining("maxConcurrency = -1");
  }

  @Test
  @DisplayName("V7: a parallel group declared twice, reported on the second declaration's name")
  void v7ParallelDeclaredTwice() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        @Parallel(name = "p", maxConcurrency = 2)
        @Parallel(name = "p", failFast = true)
        class Steps {
          @Step(order = 1, parallel = "p") void a() {}
          @Step(order = 1, parallel = "p") void b() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V7: parallel group \"p\" is declared by more than one"
        + " @Parallel; keep one").inFile(source).onLineContaining("failFast = true");
  }

  @Test
  @DisplayName("V8: finishOnSuccess on a parallel child is an error; flags without effect are warnings")
  void v8Flags() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, parallel = "p", finishOnSuccess = true) void a() {}
          @Step(order = 1, parallel = "p") void b() {}
          @Step(order = 2, abortOnPredicatesFalse = true) void c() {}
          @Step(order = 3, skipStateCheck = true) void d() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V8: step `a` of parallel group \"p\" has finishOnSuccess, which"
        + " a parallel child cannot have; put the finishing step after the group")
        .inFile(source).onLineContaining("finishOnSuccess = true");
    assertThat(compilation).hadWarningContaining("STEPS-V8: step `c` has abortOnPredicatesFalse but no predicate")
        .inFile(source).onLineContaining("abortOnPredicatesFalse = true");
    assertThat(compilation).hadWarningContaining("STEPS-V8: step `d` has skipStateCheck but no state")
        .inFile(source).onLineContaining("skipStateCheck = true");
  }

  @Test
  @DisplayName("V10: a step after an unconditional finishOnSuccess step is a warning; the pipeline is generated")
  void v10AfterFinish() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, finishOnSuccess = true) void done() {}
          @Step(order = 2) void never() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("STEPS-V10: step `never` comes after `done`, which has"
        + " finishOnSuccess and no predicate, so `never` runs only when `done` fails")
        .inFile(source).onLineContaining("order = 2");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline");
  }

  @Test
  @DisplayName("V11: @Step on a method of a class without @Pipeline")
  void v11StepOutsidePipeline() {
    JavaFileObject source = pipeline("Plain", """
        class Plain {
          @Step(order = 1) void orphan() {}
        }
        """);
    assertThat(compile(source)).hadErrorContaining("STEPS-V11: @Step method `orphan` is in `Plain`, which is not a"
        + " pipeline; annotate `Plain` with @Pipeline").inFile(source).onLineContaining("orphan");
  }

  @Test
  @DisplayName("V1-V11: every problem of a class is reported in one compile, and nothing is generated")
  void allErrorsAtOnceNothingGenerated(@TempDir Path out) throws IOException {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "bad state") void first() {}
          @Step(order = 1, when = "missing") void second() {}
          @Step(order = 2, throttle = @Throttle(every = "soon")) void third() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("STEPS-V1");
    assertThat(compilation).hadErrorContaining("STEPS-V3");
    assertThat(compilation).hadErrorContaining("STEPS-V6");
    assertThat(compilation).hadErrorContaining("STEPS-V7");

    // compile-testing hides the generated files of a failed compilation; a real javac run shows there are none
    assertThat(Sources.compileTo(out, source)).isFalse();
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.filter(Files::isRegularFile).map(Path::toString))
          .noneMatch(f -> f.endsWith("StepsPipeline.java") || f.contains("META-INF"));
    }
  }
}
