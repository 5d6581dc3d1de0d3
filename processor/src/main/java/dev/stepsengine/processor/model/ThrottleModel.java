package dev.stepsengine.processor.model;

/**
 * The {@code @Throttle} of a step.
 *
 * @param every the interval as written
 * @param ensureSuccess whether the interval counts from the last success
 * @param key the key override, empty for the step name
 */
public record ThrottleModel(String every, boolean ensureSuccess, String key) {}
