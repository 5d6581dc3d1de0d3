package dev.stepsengine;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple's logging with an MDC that keeps its values. slf4j-simple 2.0.x ships a no-op MDC
 * adapter, on which {@code MDC.get} always answers {@code null}, so the MDC keys of SEMANTICS R14
 * could not be observed. The runtime's surefire configuration selects this provider with the
 * {@code slf4j.provider} system property (SLF4J's documented switch); {@link TelemetryTest} checks
 * that the adapter in use really stores values before relying on it.
 */
public final class MdcRecordingSlf4jProvider extends SimpleServiceProvider {
  private final MDCAdapter mdc = new BasicMDCAdapter();

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }
}
