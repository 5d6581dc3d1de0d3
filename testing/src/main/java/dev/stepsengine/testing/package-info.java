/**
 * Aids for users' tests of their pipelines (artifact {@code steps-testing}, test scope):
 * AssertJ-style assertions over a {@link dev.stepsengine.RunReport} and over the states an
 * {@link dev.stepsengine.testing.InMemoryStateKeeper} recorded ({@link dev.stepsengine.testing.StepsAssertions}),
 * an in-memory keeper that records every transition, a {@link dev.stepsengine.testing.ForwardingStateKeeper}
 * to extend when a test needs a keeper that observes or changes one call, and a
 * {@link dev.stepsengine.testing.ManualClock} so throttles, backoff, deadlines and timeouts run
 * without sleeping.
 */
package dev.stepsengine.testing;
