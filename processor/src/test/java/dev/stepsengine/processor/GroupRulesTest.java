package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Compile-time rules across pipelines: a step returning another @Pipeline is a group (SEMANTICS V2, V5, V9). */
class GroupRulesTest {

  @Test
  @DisplayName("V2: a state name of a group's pipeline clashes with one of the outer pipeline")
  void v2DuplicateStateNameThroughGroup() {
    JavaFileObject inner = pipeline("Inner", """
        @Pipeline
        class Inner {
          @Step(order = 1, state = "Ready") void work() {}
        }
        """);
    JavaFileObject outer = pipeline("Outer", """
        @Pipeline
        class Outer {
          @Step(order = 1, state = "Ready") void first() {}
          @Step(order = 2, state = "InnerDone") Inner inner() { return new Inner(); }
        }
        """);
    Compilation compilation = compile(outer, inner);
    assertThat(compilation).hadErrorContaining("STEPS-V2: state name \"Ready\" of `Inner.work` is already used by"
        + " `first`").inFile(outer).onLineContaining("Inner inner()");
  }

  @Test
  @DisplayName("V5: a group step method that throws a checked exception")
  void v5GroupThrowsChecked() {
    JavaFileObject inner = pipeline("Inner", """
        @Pipeline
        class Inner {
          @Step(order = 1) void work() {}
        }
        """);
    JavaFileObject outer = pipeline("Outer", """
        @Pipeline
        class Outer {
          @Step(order = 1) Inner inner() throws java.io.IOException { return new Inner(); }
        }
        """);
    assertThat(compile(outer, inner)).hadErrorContaining("STEPS-V5: step method `inner` throws java.io.IOException,"
        + " which the generated pipeline cannot pass on; a group step method is called when the steps are built,"
        + " so it may throw only unchecked exceptions").inFile(outer).onLineContaining("Inner inner()");
  }

  @Test
  @DisplayName("V9: groups that include each other print the whole cycle")
  void v9GroupCycle() {
    JavaFileObject a = pipeline("A", """
        @Pipeline
        class A {
          @Step(order = 1, state = "BDone") B b() { return new B(); }
        }
        """);
    JavaFileObject b = pipeline("B", """
        @Pipeline
        class B {
          @Step(order = 1, state = "CDone") C c() { return new C(); }
        }
        """);
    JavaFileObject c = pipeline("C", """
        @Pipeline
        class C {
          @Step(order = 1, state = "ADone") A a() { return new A(); }
        }
        """);
    Compilation compilation = compile(a, b, c);
    assertThat(compilation).hadErrorContaining("STEPS-V9: groups include each other: A.b() -> B.c() -> C.a() -> A;"
        + " a pipeline cannot contain itself, so break the cycle").inFile(a).onLineContaining("B b()");
  }

  @Test
  @DisplayName("V1-V11: a pipeline whose group pipeline has errors reports only the group's errors")
  void groupWithErrorsReportedOnce() {
    JavaFileObject inner = pipeline("Inner", """
        @Pipeline
        class Inner {
          @Step(order = 1, state = "not valid!") void work() {}
        }
        """);
    JavaFileObject outer = pipeline("Outer", """
        @Pipeline
        class Outer {
          @Step(order = 1, state = "InnerDone") Inner inner() { return new Inner(); }
        }
        """);
    Compilation compilation = compile(outer, inner);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("STEPS-V3: state name \"not valid!\"").inFile(inner)
        .onLineContaining("not valid!");
  }
}
