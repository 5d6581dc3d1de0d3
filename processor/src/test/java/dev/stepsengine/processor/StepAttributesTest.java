package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Attributes for timeouts (R16, V7), keeping states across spec changes (K9) and outputs (R18); V4/V5 positions. */
class StepAttributesTest {

  @Test
  @DisplayName("R16/K9/R18: timeout, keepAcrossSpecChanges and outputs reach the builder; step-name constants")
  void attributesAreGenerated() {
    Compilation compilation = compile(pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "Provisioned", timeout = "30s", keepAcrossSpecChanges = true,
                outputs = {"ip", "port"})
          void provision(StepContext ctx) {}
        }
        """));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains(".state(State.of(PROVISIONED).keepAcrossSpecChanges())\n"
            + "          .timeout(Duration.ofSeconds(30))\n"
            + "          .outputs(\"ip\", \"port\")");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("public static final String STEP_PROVISION = \"provision\";");
  }

  @Test
  @DisplayName("V7: a timeout that does not parse or is zero; V8: outputs or keepAcrossSpecChanges without state")
  void v7v8BadAttributes() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, timeout = "half a minute") void a() {}
          @Step(order = 2, timeout = "0ms") void b() {}
          @Step(order = 3, outputs = "ip") void c() {}
          @Step(order = 4, keepAcrossSpecChanges = true) void d() {}
          @Step(order = 5, state = "E", outputs = {"ip", "bad name!", "ip"}) void e() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V7: timeout \"half a minute\" is not a positive duration")
        .inFile(source).onLineContaining("half a minute");
    assertThat(compilation).hadErrorContaining("STEPS-V7: timeout \"0ms\" is not a positive duration")
        .inFile(source).onLineContaining("0ms");
    assertThat(compilation).hadErrorContaining("STEPS-V8: step `c` declares outputs but has no state")
        .inFile(source).onLineContaining("outputs = \"ip\"");
    assertThat(compilation).hadWarningContaining("STEPS-V8: step `d` has keepAcrossSpecChanges but no state")
        .inFile(source).onLineContaining("keepAcrossSpecChanges = true");
    assertThat(compilation).hadErrorContaining("STEPS-V3: output name \"bad name!\"")
        .inFile(source).onLineContaining("bad name!");
    assertThat(compilation).hadErrorContaining("STEPS-V7: output \"ip\" of step `e` is declared twice; keep one")
        .inFile(source).onLineContaining("bad name!");
  }

  @Test
  @DisplayName("V4/V5: diagnostics point at the method's declaration or the parameter, not at @Step")
  void v4v5Positions() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1)
          private void hidden() {}
          @Step(order = 2)
          <T> void generic() {}
          @Step(order = 3)
          void withName(
              String name) {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V4: step method `hidden` is private")
        .inFile(source).onLineContaining("private void hidden");
    assertThat(compilation).hadErrorContaining("STEPS-V4: step method `generic` is generic")
        .inFile(source).onLineContaining("<T> void generic");
    assertThat(compilation).hadErrorContaining("STEPS-V5: step method `withName` takes (java.lang.String)")
        .inFile(source).onLineContaining("String name");
  }
}
