package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.stepsengine.processor.Sources.compile;
import static dev.stepsengine.processor.Sources.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The generated code: exact text against golden files, determinism, nesting and scale. */
class GeneratedCodeTest {

  private static Compilation compileEveryFeature() {
    return compile(resource("good/EveryFeatureSteps.java"), resource("good/DatabaseSteps.java"));
  }

  @Test
  @DisplayName("golden: a pipeline using every feature generates exactly the golden source")
  void everyFeatureSource() {
    Compilation compilation = compileEveryFeature();
    assertThat(compilation).succeededWithoutWarnings();
    Golden.assertSource(compilation, "test.EveryFeatureStepsPipeline", "EveryFeatureStepsPipeline.java");
    Golden.assertSource(compilation, "test.DatabaseStepsPipeline", "DatabaseStepsPipeline.java");
  }

  @Test
  @DisplayName("golden: the Mermaid diagram and the conditions table of a pipeline using every feature")
  void everyFeatureResources() {
    Compilation compilation = compileEveryFeature();
    Golden.assertResource(compilation, "META-INF/steps/test.EveryFeatureSteps.mmd", "EveryFeatureSteps.mmd");
    Golden.assertResource(compilation, "META-INF/steps/test.EveryFeatureSteps.md", "EveryFeatureSteps.md");
  }

  @Test
  @DisplayName("determinism: compiling the same sources twice gives byte-identical generated files")
  void deterministic() {
    Map<String, String> first = generated(compileEveryFeature());
    Map<String, String> second = generated(compileEveryFeature());
    assertThat(first).hasSize(6);
    assertThat(second).isEqualTo(first);
  }

  @Test
  @DisplayName("cold start: the generated classes call the target through switches, with no lambda or other bootstrap")
  void noBootstrapMethods() throws IOException {
    Compilation compilation = compileEveryFeature();
    assertThat(compilation).succeeded();

    Map<String, String> classes = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS && file.getName().contains("Pipeline")) {
        try (InputStream in = file.openInputStream()) {
          classes.put(file.getName(), new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
      }
    }

    assertThat(classes.keySet()).anyMatch(name -> name.endsWith("EveryFeatureStepsPipeline$Steps1$Actions.class"));
    assertThat(classes).allSatisfy((name, bytes) -> assertThat(bytes).as(name).doesNotContain("BootstrapMethods"));
  }

  @Test
  @DisplayName("a nested @Pipeline class generates Outer_InnerPipeline")
  void nestedClassName() {
    Compilation compilation = compile(resource("good/Outer.java"));
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("test.Outer_InnerPipeline").contentsAsUtf8String()
        .contains("public static List<PipelineStep> steps(Outer.Inner target)");
  }

  @Test
  @DisplayName("scale: a pipeline of 5,000 steps generates a source that compiles, in parts of at most 250 steps")
  void fiveThousandSteps() {
    StringBuilder body = new StringBuilder("@Pipeline\nclass Big {\n");
    for (int i = 1; i <= 5000; i++) {
      body.append("  @Step(order = ").append(i).append(", state = \"State").append(i).append("\") void step")
          .append(i).append("() {}\n");
    }
    body.append("}\n");

    Compilation compilation = compile(Sources.pipeline("Big", body.toString()));

    assertThat(compilation).succeeded();
    String source = Golden.contents(compilation.generatedSourceFile("test.BigPipeline").orElseThrow());
    assertThat(source)
        .contains("public static final String STATE5000 = \"State5000\";")
        .contains("steps.addAll(Steps20.steps(target));")
        .doesNotContain("Steps21")
        .contains("case 249 -> target.step5000();")
        .doesNotContain("ctx -> target", "target::");
  }

  @Test
  @DisplayName("the processor is registered for the compiler and for Gradle's incremental builds")
  void registrations() {
    JavaFileObject unused = JavaFileObjects.forSourceString("test.Empty", "package test; class Empty {}");
    assertThat(compile(unused)).succeededWithoutWarnings();
    assertThat(GeneratedCodeTest.class.getResource("/META-INF/gradle/incremental.annotation.processors"))
        .isNotNull();
    assertThat(GeneratedCodeTest.class.getResource("/META-INF/services/javax.annotation.processing.Processor"))
        .isNotNull();
  }

  private static Map<String, String> generated(Compilation compilation) {
    Map<String, String> out = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        out.put(file.toUri().toString(), Golden.contents(file));
      }
    }
    return out;
  }
}
