package dev.stepsengine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the builders and factories (SEMANTICS R19: null is refused at once, by name). */
final class Checks {
  private Checks() {}

  /**
   * Returns a copy of {@code values}; throws {@link NullPointerException} naming {@code what} when
   * the collection is null, or {@code what[i]} for its first null element.
   */
  static <T> List<T> nonNullElements(Collection<? extends T> values, String what) {
    Objects.requireNonNull(values, what);
    List<T> copy = new ArrayList<>(values.size());
    int i = 0;
    for (T v : values) {
      if (v == null) {
        throw new NullPointerException(what + "[" + i + "] is null");
      }
      copy.add(v);
      i++;
    }
    return copy;
  }

  /** Returns {@code values} as a list; see {@link #nonNullElements(Collection, String)}. */
  @SafeVarargs
  static <T> List<T> nonNullElements(String what, T... values) {
    Objects.requireNonNull(values, what);
    return nonNullElements(java.util.Arrays.asList(values), what);
  }

  /** Returns {@code d} when it is positive; throws naming {@code what} otherwise. */
  static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }
}
