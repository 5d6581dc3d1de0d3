package dev.stepsengine.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Compares generated files with the golden files under {@code src/test/resources/golden/}. Run with
 * {@code -Dsteps.golden.update=true} to rewrite them from the generated output instead; never edit
 * them by hand.
 */
final class Golden {
  private Golden() {}

  /** Asserts that the generated source of class {@code className} equals golden file {@code golden}. */
  static void assertSource(Compilation compilation, String className, String golden) {
    if (update()) {
      write(golden, contents(compilation.generatedSourceFile(className).orElseThrow()));
      return;
    }
    assertThat(compilation).generatedSourceFile(className).contentsAsUtf8String().isEqualTo(read(golden));
  }

  /** Asserts that the generated class-path resource {@code resource} equals golden file {@code golden}. */
  static void assertResource(Compilation compilation, String resource, String golden) {
    if (update()) {
      write(golden, contents(compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "", resource).orElseThrow()));
      return;
    }
    assertThat(compilation).generatedFile(StandardLocation.CLASS_OUTPUT, "", resource).contentsAsUtf8String()
        .isEqualTo(read(golden));
  }

  /** Returns the text of a generated file. */
  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean update() {
    return Boolean.getBoolean("steps.golden.update");
  }

  private static Path dir() {
    return Path.of(System.getProperty("steps.golden.dir", "src/test/resources/golden"));
  }

  private static String read(String golden) {
    try {
      return Files.readString(dir().resolve(golden), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("golden file " + golden + " is missing; run with -Dsteps.golden.update=true", e);
    }
  }

  private static void write(String golden, String text) {
    try {
      Files.createDirectories(dir());
      Files.writeString(dir().resolve(golden), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
