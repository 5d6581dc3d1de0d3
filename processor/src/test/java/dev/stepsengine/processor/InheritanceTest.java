package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** V12: the @Step methods of a @Pipeline superclass are steps of the subclass, checked with its own. */
class InheritanceTest {
  private static final JavaFileObject BASE = pipeline("Base", """
      @Pipeline
      abstract class Base {
        @Step(order = 1, state = "SpecValid") void validate() {}
        @Step(order = 3, state = "Ready") void ready() {}
      }
      """);

  @Test
  @DisplayName("V12: inherited steps run in order with the subclass's; an override keeps one step")
  void v12InheritedSteps() {
    JavaFileObject sub = pipeline("Sub", """
        @Pipeline
        class Sub extends Base {
          @Step(order = 2) void deploy() {}
          @Override void validate() {}
        }
        """);
    Compilation compilation = compile(BASE, sub);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.SubPipeline").contentsAsUtf8String()
        .contains("return List.of(\n          validateStep(target),\n          deployStep(target),\n"
            + "          readyStep(target));");
    assertThat(compilation).generatedSourceFile("test.SubPipeline").contentsAsUtf8String()
        .contains("STATE_NAMES = List.of(SPEC_VALID, READY)");
  }

  @Test
  @DisplayName("V12: an override with its own @Step replaces the inherited one")
  void v12OverrideWithStep() {
    JavaFileObject sub = pipeline("Sub", """
        @Pipeline
        class Sub extends Base {
          @Override @Step(order = 2, name = "validateAgain", state = "SpecChecked") void validate() {}
        }
        """);
    Compilation compilation = compile(BASE, sub);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.SubPipeline").contentsAsUtf8String()
        .contains("STATE_NAMES = List.of(SPEC_CHECKED, READY)");
  }

  @Test
  @DisplayName("V12: V1 and V2 across the hierarchy")
  void v12RulesAcrossHierarchy() {
    JavaFileObject sub = pipeline("Sub", """
        @Pipeline
        class Sub extends Base {
          @Step(order = 1) void first() {}
          @Step(order = 2, state = "Ready") void again() {}
        }
        """);
    Compilation compilation = compile(BASE, sub);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V1: steps `validate` and `first` share order 1")
        .inFile(sub).onLineContaining("void first");
    assertThat(compilation).hadErrorContaining("STEPS-V2: state name \"Ready\" of `ready` is already used by `again`");
  }

  @Test
  @DisplayName("V12/V4: a package-private step inherited from another package cannot be called")
  void v12UnreachableInheritedStep() {
    JavaFileObject base = JavaFileObjects.forSourceString("other.Base", """
        package other;

        import dev.stepsengine.annotation.Pipeline;
        import dev.stepsengine.annotation.Step;

        @Pipeline
        public abstract class Base {
          @Step(order = 1) void hidden() {}
        }
        """);
    JavaFileObject sub = pipeline("Sub", """
        @Pipeline
        class Sub extends other.Base {
          @Step(order = 2) void mine() {}
        }
        """);
    assertThat(compile(base, sub)).hadErrorContaining("STEPS-V4: step method `hidden` is inherited from `Base` in"
        + " another package and not public");
  }
}
