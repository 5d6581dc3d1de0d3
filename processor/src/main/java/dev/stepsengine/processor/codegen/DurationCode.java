package dev.stepsengine.processor.codegen;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.stepsengine.processor.model.Durations;

/** Writes a validated duration string as the shortest exact {@code java.time.Duration} factory call. */
final class DurationCode {
  private static final ClassName DURATION = ClassName.get("java.time", "Duration");
  private static final long[] UNITS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
  private static final String[] FACTORIES = {"ofDays", "ofHours", "ofMinutes", "ofSeconds", "ofMillis"};

  private DurationCode() {}

  /** Returns {@code Duration.ofMinutes(5)} for {@code "5m"}, {@code Duration.ofMinutes(90)} for {@code "1h30m"}. */
  static CodeBlock of(String text) {
    long millis = Durations.parseMillis(text).orElseThrow(() -> new IllegalStateException("unvalidated duration " + text));
    for (int i = 0; i < UNITS.length; i++) {
      if (millis % UNITS[i] == 0) {
        return CodeBlock.of("$T.$L($L)", DURATION, FACTORIES[i], millis / UNITS[i] + (millis / UNITS[i] > Integer.MAX_VALUE ? "L" : ""));
      }
    }
    throw new AssertionError("a duration in milliseconds is always a whole number of milliseconds");
  }
}
