package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.pipeline;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** V13: negated predicates and conditions on stored states in {@code when}, checked at compile time. */
class PredicateExpressionsTest {

  @Test
  @DisplayName("V13: negation, own and external state conditions compile to not / succeeded / notSucceeded")
  void v13GoodExpressions() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline(externalStates = "example.com/ClusterReady")
        class Steps {
          boolean isPaused() { return false; }
          boolean hasQuota(StepContext ctx) { return true; }
          @Step(order = 1, state = "DbReady") void db() {}
          @Step(order = 2, when = {"!isPaused", "state:DbReady", "!state:example.com/ClusterReady", "hasQuota"})
          void deploy() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("public static final String EXAMPLE_COM_CLUSTER_READY = \"example.com/ClusterReady\";");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains(".when(StepPredicate.not(StepPredicate.named(\"isPaused\", new Conditions(target, 0))))\n"
            + "          .when(StepPredicate.succeeded(DB_READY))\n"
            + "          .when(StepPredicate.notSucceeded(EXAMPLE_COM_CLUSTER_READY))\n"
            + "          .when(StepPredicate.named(\"hasQuota\", new Conditions(target, 1)))");
    assertThat(compilation).generatedSourceFile("test.StepsPipeline").contentsAsUtf8String()
        .contains("STATE_NAMES = List.of(DB_READY)");
  }

  @Test
  @DisplayName("V13: a state condition may name a state of a group")
  void v13StateOfGroup() {
    JavaFileObject inner = pipeline("Inner", """
        @Pipeline
        class Inner {
          @Step(order = 1, state = "InnerReady") void only() {}
        }
        """);
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1) Inner inner() { return new Inner(); }
          @Step(order = 2, when = "state:InnerReady") void after() {}
        }
        """);
    assertThat(compile(source, inner)).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("V13: an unknown state gets a did-you-mean and the externalStates fix, on its when element")
  void v13UnknownState() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          @Step(order = 1, state = "DbReady") void db() {}
          @Step(order = 2,
                when = "!state:DbReddy") void deploy() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("STEPS-V13: when = \"!state:DbReddy\" names state \"DbReddy\", which"
        + " is no state of `Steps` (groups and fragments included) and not declared external; did you mean"
        + " `DbReady`?; if another controller writes it, declare it with @Pipeline(externalStates = \"DbReddy\")")
        .inFile(source).onLineContaining("when = \"!state:DbReddy\"");
  }

  @Test
  @DisplayName("V13: a misspelt negated method gets a did-you-mean; a state name used as a method points to state:")
  void v13UnknownMethods() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          boolean isPaused() { return false; }
          @Step(order = 1, state = "DbReady") void db() {}
          @Step(order = 2, when = "!isPasued") void deploy() {}
          @Step(order = 3, when = "DbReady") void migrate() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V6: predicate \"isPasued\" names no method of `Steps`; did you"
        + " mean `isPaused`?").inFile(source).onLineContaining("!isPasued");
    assertThat(compilation).hadErrorContaining("STEPS-V6: predicate \"DbReady\" names no method of `Steps`; did you"
        + " mean `state:DbReady`?").inFile(source).onLineContaining("when = \"DbReady\"");
  }

  @Test
  @DisplayName("V13: malformed expressions name the element and show the forms")
  void v13Malformed() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline
        class Steps {
          boolean isPaused() { return false; }
          @Step(order = 1, when = "!!isPaused") void a() {}
          @Step(order = 2, when = "state:") void b() {}
          @Step(order = 3, when = {"isPaused", "is paused"}) void c() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V13: when = \"!!isPaused\" is not a predicate expression; write"
        + " a method name (\"isReady\"), its negation (\"!isReady\"), or a state condition")
        .inFile(source).onLineContaining("!!isPaused");
    assertThat(compilation).hadErrorContaining("STEPS-V13: when = \"state:\" is not a predicate expression")
        .inFile(source).onLineContaining("\"state:\"");
    assertThat(compilation).hadErrorContaining("STEPS-V13: when = \"is paused\" is not a predicate expression")
        .inFile(source).onLineContaining("\"is paused\"");
    assertThat(compilation).hadErrorCount(3);
  }

  @Test
  @DisplayName("V13: an external state that the pipeline writes itself, or that is no valid state name")
  void v13BadExternalStates() {
    JavaFileObject source = pipeline("Steps", """
        @Pipeline(externalStates = {"DbReady",
            "not valid!"})
        class Steps {
          @Step(order = 1, state = "DbReady") void db() {}
        }
        """);
    Compilation compilation = compile(source);
    assertThat(compilation).hadErrorContaining("STEPS-V13: external state \"DbReady\" is a state of this pipeline"
        + " (step `db`); externalStates lists only states someone else writes, so remove it")
        .inFile(source).onLineContaining("externalStates = {\"DbReady\"");
    assertThat(compilation).hadErrorContaining("STEPS-V3: state name \"not valid!\" is not a Kubernetes condition"
        + " type").inFile(source).onLineContaining("\"not valid!\"");
  }
}
