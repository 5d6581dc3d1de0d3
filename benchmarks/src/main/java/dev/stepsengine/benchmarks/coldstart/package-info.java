/**
 * Benchmark 7: whole-process cold start, timed with hyperfine: an empty {@code main}, one run of
 * the ten-step generated pipeline, and one run of the same Spring Batch job.
 */
package dev.stepsengine.benchmarks.coldstart;
