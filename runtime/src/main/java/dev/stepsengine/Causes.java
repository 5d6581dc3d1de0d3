package dev.stepsengine;

import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;

/** Walks exception cause chains: the one place that does (cycles and absurd depths end the walk). */
final class Causes {
  private static final int MAX_DEPTH = 64;

  private Causes() {}

  /** Returns the first exception of {@code type} in the cause chain of {@code t} ({@code t} included), or null. */
  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    int depth = 0;
    for (Throwable c = t; c != null && depth++ < MAX_DEPTH; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** Returns the chain of {@code t}: {@code t}, its cause, the cause's cause, and so on. */
  static List<Throwable> chain(Throwable t) {
    List<Throwable> out = new ArrayList<>(4);
    for (Throwable c = t; c != null && out.size() < MAX_DEPTH; c = c.getCause() == c ? null : c.getCause()) {
      out.add(c);
    }
    return out;
  }

  /** Returns the first exception in the chain of {@code t} that is an instance of one of {@code types}, or null. */
  static Throwable firstOf(Throwable t, Class<?>... types) {
    int depth = 0;
    for (Throwable c = t; c != null && depth++ < MAX_DEPTH; c = c.getCause() == c ? null : c.getCause()) {
      for (Class<?> type : types) {
        if (type.isInstance(c)) {
          return c;
        }
      }
    }
    return null;
  }

  /**
   * Returns whether {@code t} says the current thread was interrupted: an
   * {@link InterruptedException} or a {@link ClosedByInterruptException} anywhere in its chain, or
   * an {@link InterruptedIOException} while the thread's interrupt flag is set. An
   * {@code InterruptedIOException} alone is not enough: a socket read timeout
   * ({@code SocketTimeoutException}) and an HTTP client's call timeout are ones too, and they are
   * failures, not cancellations.
   */
  static boolean isInterruption(Throwable t) {
    int depth = 0;
    for (Throwable c = t; c != null && depth++ < MAX_DEPTH; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof InterruptedException || c instanceof ClosedByInterruptException
          || (c instanceof InterruptedIOException && Thread.currentThread().isInterrupted())) {
        return true;
      }
    }
    return false;
  }

  /** Returns the message of {@code t}, or its class name when it has none (SEMANTICS R7d). */
  static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getName() : m;
  }
}
