package dev.stepsengine.processor.model;

/**
 * The {@code @Retry} of a step.
 *
 * @param maxAttempts the most attempts
 * @param backoff the first backoff as written
 * @param multiplier the backoff factor
 * @param maxBackoff the longest backoff as written
 */
public record RetryModel(int maxAttempts, String backoff, double multiplier, String maxBackoff) {}
