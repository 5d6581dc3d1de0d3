/** Benchmark 6: what the annotation processor adds to {@code javac} for large pipelines. */
package dev.stepsengine.benchmarks.processor;
