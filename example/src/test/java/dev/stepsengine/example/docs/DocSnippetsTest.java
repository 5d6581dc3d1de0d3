package dev.stepsengine.example.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample in README.md and docs/ must be a verbatim copy of compiled code: its lines
 * (ignoring indentation and blank lines) must appear, in order and contiguous, in a Java source
 * file of the repository. A sample that drifts from its source fails here. Samples are refreshed
 * with {@code python3 tools/snippets.py README.md docs/*.md}.
 */
class DocSnippetsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** A fenced Java block of a document. */
  record Sample(Path doc, int line, List<String> lines) {
    @Override
    public String toString() {
      return ROOT.relativize(doc) + ":" + line;
    }
  }

  @Test
  @DisplayName("every Java sample in README.md and docs/ is copied verbatim from compiled source")
  void samplesMatchSources() throws IOException {
    List<List<String>> sources = sources();
    List<Sample> samples = samples();
    List<String> drifted = new ArrayList<>();
    for (Sample sample : samples) {
      if (sources.stream().noneMatch(source -> containsRun(source, sample.lines()))) {
        drifted.add(sample + " (first line: " + sample.lines().get(0) + ")");
      }
    }

    assertThat(samples).as("Java samples found in README.md and docs/").hasSizeGreaterThanOrEqualTo(5);
    assertThat(drifted).as("samples that match no compiled source").isEmpty();
  }

  @Test
  @DisplayName("the sample check notices a sample that drifted")
  void driftIsDetected() throws IOException {
    Sample quickStart = samples().get(0);
    List<String> drifted = new ArrayList<>(quickStart.lines());
    drifted.set(drifted.size() / 2, drifted.get(drifted.size() / 2) + " // changed");

    assertThat(sources().stream().anyMatch(source -> containsRun(source, quickStart.lines()))).isTrue();
    assertThat(sources().stream().anyMatch(source -> containsRun(source, drifted))).isFalse();
  }

  static List<Sample> samples() throws IOException {
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<Sample> samples = new ArrayList<>();
    for (Path doc : docs) {
      List<String> lines = Files.readAllLines(doc);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).trim().equals("```java")) {
          int start = i + 1;
          List<String> body = new ArrayList<>();
          for (i = start; i < lines.size() && !lines.get(i).trim().startsWith("```"); i++) {
            body.add(lines.get(i));
          }
          List<String> normalized = normalize(body);
          if (!normalized.isEmpty()) {
            samples.add(new Sample(doc, start, normalized));
          }
        }
      }
    }
    return samples;
  }

  static List<List<String>> sources() throws IOException {
    List<List<String>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/"))
          .forEach(p -> {
            try {
              out.add(normalize(Files.readAllLines(p)));
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
    return out;
  }

  private static List<String> normalize(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String t = line.strip();
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  private static boolean containsRun(List<String> source, List<String> run) {
    outer:
    for (int i = 0; i + run.size() <= source.size(); i++) {
      for (int j = 0; j < run.size(); j++) {
        if (!source.get(i + j).equals(run.get(j))) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
