package dev.stepsengine;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;

/** The MDC keys {@code step}, {@code trace_id} and {@code span_id} set while a step runs (SEMANTICS R14). */
final class Mdc {
  /**
   * Whether the SLF4J provider keeps MDC values. With the no-op adapter (no provider, or
   * slf4j-simple) plain steps skip the MDC calls, which could store nothing anyway.
   */
  static final boolean ACTIVE = !(MDC.getMDCAdapter() instanceof NOPMDCAdapter);

  private Mdc() {}

  /** Sets {@code step} for an untraced step; returns the previous value, which {@link #leave} puts back. */
  static String enter(String step) {
    String previous = MDC.get("step");
    MDC.put("step", step);
    return previous;
  }

  static void leave(String previous) {
    restore("step", previous);
  }

  /** The keys a traced step sets, with the values they had, to put back when it ends. */
  record Saved(String step, String traceId, String spanId) {
    static Saved enter(String step, Span span) {
      Saved previous = new Saved(MDC.get("step"), MDC.get("trace_id"), MDC.get("span_id"));
      MDC.put("step", step);
      SpanContext sc = span.getSpanContext();
      if (sc.isValid()) {
        MDC.put("trace_id", sc.getTraceId());
        MDC.put("span_id", sc.getSpanId());
      }
      return previous;
    }

    void leave() {
      restore("step", step);
      restore("trace_id", traceId);
      restore("span_id", spanId);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }
}
