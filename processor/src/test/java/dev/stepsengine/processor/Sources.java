package dev.stepsengine.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/** Compiles test sources with the steps processor. */
final class Sources {
  private Sources() {}

  /** Returns a source file of class {@code test.<simpleName>} with the usual imports and {@code body}. */
  static JavaFileObject pipeline(String simpleName, String body) {
    return JavaFileObjects.forSourceString("test." + simpleName, """
        package test;

        import dev.stepsengine.StepContext;
        import dev.stepsengine.annotation.Parallel;
        import dev.stepsengine.annotation.Pipeline;
        import dev.stepsengine.annotation.Retry;
        import dev.stepsengine.annotation.Step;
        import dev.stepsengine.annotation.Throttle;
        import java.util.List;

        """ + body);
  }

  /** Returns the test resource {@code path} as a source file. */
  static JavaFileObject resource(String path) {
    return JavaFileObjects.forResource(path);
  }

  /**
   * Compiles {@code files} with the processor through the platform compiler, writing generated
   * sources, classes and resources under {@code out}; returns whether the compilation succeeded.
   */
  static boolean compileTo(Path out, JavaFileObject... files) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Path classes = Files.createDirectories(out.resolve("classes"));
      Path generated = Files.createDirectories(out.resolve("generated"));
      fileManager.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      fileManager.setLocationFromPaths(StandardLocation.SOURCE_OUTPUT, List.of(generated));
      JavaCompiler.CompilationTask task = javac.getTask(null, fileManager, d -> { }, List.of("--release", "17"), null,
          List.of(files));
      task.setProcessors(List.of(new StepsProcessor()));
      return task.call();
    }
  }

  /** Compiles {@code files} with the processor, for Java 17. */
  static Compilation compile(JavaFileObject... files) {
    return compileWith(List.of(), files);
  }

  /** Compiles {@code files} with the processor, for Java 17, with the extra javac {@code options}. */
  static Compilation compileWith(List<String> options, JavaFileObject... files) {
    List<String> all = new java.util.ArrayList<>(List.of("--release", "17"));
    all.addAll(options);
    return Compiler.javac().withProcessors(new StepsProcessor()).withOptions(all).compile(files);
  }
}
