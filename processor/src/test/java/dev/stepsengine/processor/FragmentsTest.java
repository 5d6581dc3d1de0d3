package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Fragments: {@code @Step(inline = true)} splices another pipeline's steps into the caller's sequence. */
class FragmentsTest {
  private static final JavaFileObject COMMON = pipeline("Common", """
      @Pipeline
      class Common {
        @Step(order = 1, state = "CertsReady") void certs() {}
        @Step(order = 2) void secrets() {}
      }
      """);

  @Test
  @DisplayName("V1/V2: an inlined fragment's steps become the caller's steps, states included")
  void fragmentIsSpliced() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          final Common common = new Common();
          @Step(order = 1, state = "SpecValid") void validate() {}
          @Step(order = 2, inline = true) Common common() { return common; }
          @Step(order = 3, when = "state:CertsReady") void deploy() {}
        }
        """);
    Compilation compilation = compile(source, COMMON);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("      List<PipelineStep> steps = new ArrayList<>();\n"
            + "      steps.add(validateStep(target));\n"
            + "      steps.addAll(commonSteps(target));\n"
            + "      steps.add(deployStep(target));\n"
            + "      return List.copyOf(steps);");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("return CommonPipeline.steps(target.common());");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("STATE_NAMES = List.of(SPEC_VALID, CERTS_READY)");
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/steps/test.Steps.md")
        .contentsAsUtf8String().contains("| `CertsReady` | `certs` | `Success` |");
  }

  @Test
  @DisplayName("V2: a step name or state name of the caller that a fragment also uses, reported on the inlining step")
  void v2ClashWithFragment() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, name = "secrets", state = "CertsReady") void mine() {}
          @Step(order = 2, inline = true) Common common() { return new Common(); }
        }
        """);
    Compilation compilation = compile(source, COMMON);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V2: state name \"CertsReady\" of `Common.certs` is already"
        + " used by `mine`").inFile(source).onLineContaining("inline = true");
    assertThat(compilation).hadErrorContaining("STEPS-V2: step name \"secrets\" of `Common.secrets` is already"
        + " used by `mine`").inFile(source).onLineContaining("inline = true");
  }

  @Test
  @DisplayName("V8: an inlining step takes no step settings; V5: inline needs a pipeline return type")
  void v5v8BadInline() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, inline = true,
                state = "Shared") Common common() { return new Common(); }
          @Step(order = 2, inline = true) void plain() {}
        }
        """);
    Compilation compilation = compile(source, COMMON);
    assertThat(compilation).hadErrorContaining("STEPS-V8: `common` inlines the steps of `Common`, so it is no step"
        + " of its own and takes no state; set it on the fragment's steps, or drop inline = true to run `Common` as"
        + " one group step").inFile(source).onLineContaining("state = \"Shared\"");
    assertThat(compilation).hadErrorContaining("STEPS-V5: step method `plain` has inline = true but returns void")
        .inFile(source).onLineContaining("void plain");
  }

  @Test
  @DisplayName("V9: fragments that inline each other")
  void v9FragmentCycle() {
    JavaFileObject a = pipeline("A", """
        @Pipeline
        class A {
          @Step(order = 1, inline = true) B b() { return new B(); }
        }
        """);
    JavaFileObject b = pipeline("B", """
        @Pipeline
        class B {
          @Step(order = 1, inline = true) A a() { return new A(); }
        }
        """);
    Compilation compilation = compile(a, b);
    assertThat(compilation).hadErrorContaining("STEPS-V9: groups include each other: A.b() -> B.a() -> A")
        .inFile(a).onLineContaining("B b()");
  }
}
