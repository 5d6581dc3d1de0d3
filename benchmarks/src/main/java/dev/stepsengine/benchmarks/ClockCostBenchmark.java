package dev.stepsengine.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calibration for benchmark 1: the cost of one {@link System#nanoTime()} on the machine. The
 * engine reads the clock once per step (each step's duration in the run report) and twice per run,
 * so this cost is part of its per-step overhead and varies with the machine's clock source.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class ClockCostBenchmark {
  /** One {@link System#nanoTime()} call. */
  @Benchmark
  public long systemNanoTime() {
    return System.nanoTime();
  }
}
