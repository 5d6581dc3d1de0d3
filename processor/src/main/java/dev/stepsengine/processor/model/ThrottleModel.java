package dev.stepsengine.processor.model;

/**
 * The {@code @Throttle} of a step.
 *
 * @param every the interval as written
 * @param ensureSuccess whether the interval counts from the last success
 * @param key the key override, empty for the step name
 * @param everyMethod the method that returns the interval, empty when {@code every} is used
 */
public record ThrottleModel(String every, boolean ensureSuccess, String key, String everyMethod) {}
