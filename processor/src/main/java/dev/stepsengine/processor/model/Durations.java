package dev.stepsengine.processor.model;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the duration strings of the annotations ({@code 500ms}, {@code 5s}, {@code 5m}, {@code 1h},
 * {@code 2d}, {@code 1h30m}) at compile time.
 */
public final class Durations {
  private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Returns the duration in milliseconds, or empty when {@code text} does not parse or overflows.
   *
   * @param text the text
   * @return the duration in milliseconds, or empty when {@code text} does not parse or overflows
   */
  public static OptionalLong parseMillis(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return OptionalLong.empty();
    }
    Matcher m = PART.matcher(text);
    long total = 0;
    try {
      while (m.find()) {
        long amount = Long.parseLong(m.group(1));
        total = Math.addExact(total, Math.multiplyExact(amount, unitMillis(m.group(2))));
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(total);
  }

  private static long unitMillis(String unit) {
    return switch (unit) {
      case "ms" -> 1L;
      case "s" -> 1_000L;
      case "m" -> 60_000L;
      case "h" -> 3_600_000L;
      default -> 86_400_000L;
    };
  }
}
