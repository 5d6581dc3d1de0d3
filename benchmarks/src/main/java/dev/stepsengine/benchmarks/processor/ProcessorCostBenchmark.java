package dev.stepsengine.benchmarks.processor;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark 6 — processor cost: one {@code javac} compilation (in-process, {@link JavaCompiler})
 * of a {@code @Pipeline} class with {@code steps} step methods, without annotation processing
 * ({@code -proc:none}) and with the steps processor (which validates the class and writes
 * {@code <Class>Pipeline}, its diagram and conditions table; javac then compiles the generated
 * class too). Single-shot: each operation is one compilation, after warm-up compilations.
 *
 * <p>4,000 steps is in the list because 5,000 once failed with the processor (the generated class
 * passed the class-file limit of 65,535 constant-pool entries); the generator now splits large
 * pipelines into nested parts, and the 4,000 row keeps the earlier measurements comparable.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class ProcessorCostBenchmark {
  /** Step methods in the compiled class. */
  @Param({"100", "1000", "4000", "5000"})
  public int steps;

  /** Whether the steps processor runs. */
  @Param({"false", "true"})
  public boolean processor;

  private JavaCompiler javac;
  private Path dir;
  private Path source;
  private List<String> options;
  private int compilation;

  /** Writes the source of the pipeline class and sets the compiler options. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the benchmarks on a JDK, not a JRE");
    }
    dir = Files.createTempDirectory("steps-bench-javac-");
    Path pkg = Files.createDirectories(dir.resolve("src/bench"));
    source = pkg.resolve("LargeSteps.java");
    Files.writeString(source, pipelineSource(steps), StandardCharsets.UTF_8);
    String classPath = System.getProperty("java.class.path");
    options = new ArrayList<>(List.of("-classpath", classPath, "--release", "17", "-nowarn"));
    if (processor) {
      options.addAll(List.of("-processorpath", classPath, "-processor", "dev.stepsengine.processor.StepsProcessor"));
    } else {
      options.add("-proc:none");
    }
  }

  /** Deletes the sources and class files. */
  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** One compilation into a fresh output directory; fails when javac reports an error. */
  @Benchmark
  public boolean compile() throws IOException {
    Path out = Files.createDirectories(dir.resolve("out" + (++compilation)));
    List<String> args = new ArrayList<>(options);
    args.addAll(List.of("-d", out.toString(), "-s", out.toString()));
    StringWriter diagnostics = new StringWriter();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(source);
      boolean ok = javac.getTask(diagnostics, files, null, args, null, units).call();
      if (!ok) {
        throw new IllegalStateException("javac failed: " + diagnostics);
      }
      if (processor && !Files.exists(out.resolve("bench/LargeStepsPipeline.class"))) {
        throw new IllegalStateException("the processor generated no pipeline: " + diagnostics);
      }
      return ok;
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Returns the source of {@code bench.LargeSteps}: {@code n} steps, each with its own order and state. */
  static String pipelineSource(int n) {
    StringBuilder s = new StringBuilder(64 * n + 200);
    s.append("package bench;\n\n")
        .append("import dev.stepsengine.annotation.Pipeline;\n")
        .append("import dev.stepsengine.annotation.Step;\n\n")
        .append("@Pipeline\n")
        .append("public class LargeSteps {\n")
        .append("  long counter;\n");
    for (int i = 1; i <= n; i++) {
      s.append("\n  @Step(order = ").append(i).append(", state = \"State").append(i).append("\")\n")
          .append("  void step").append(i).append("() {\n")
          .append("    counter += ").append(i).append(";\n")
          .append("  }\n");
    }
    return s.append("}\n").toString();
  }
}
