/**
 * JMH benchmarks and measured harnesses for the Steps Engine: per-step overhead against
 * hand-written calls, a reflective runner and Spring Batch; steady-state reconciles; parallel
 * groups. How to run them and the measured results are in {@code docs/benchmarks.md}.
 */
package dev.stepsengine.benchmarks;
