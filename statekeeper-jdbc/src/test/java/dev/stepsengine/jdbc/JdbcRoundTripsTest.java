package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.SimpleStep;
import dev.stepsengine.StepsEngine;
import dev.stepsengine.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13 performance goal on both databases: a first run of 10 tracked steps makes two write
 * transactions per step (the lease and the success) and reads the states once per run, counted at
 * the data source (connections borrowed and commits).
 */
class JdbcRoundTripsTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @ParameterizedTest(name = "J4 {0}: a 10-step first run: 20 commits (2 per step) and 1 read; a second run: 1 read, no commit")
  @EnumSource(Databases.class)
  void J4_twoCommitsPerStepOneReadPerRun(Databases database) {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    StepsDatabase db = StepsDatabase.open(ds);
    AtomicInteger commits = new AtomicInteger();
    ds.fault(sql -> {
      if (sql.equalsIgnoreCase("COMMIT")) {
        commits.incrementAndGet();
      }
    });
    List<SimpleStep> steps = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      steps.add(SimpleStep.named("step" + i).state("State" + i).run(ctx -> { }).build());
    }
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(db, "perf").clock(clock).renewEvery(Duration.ZERO).build();
    StepsEngine engine = StepsEngine.builder().stateKeeper(keeper).clock(clock).steps(steps).build();
    int before = ds.connections.get();

    engine.run();

    assertThat(commits.get()).as("commits of the first run").isEqualTo(20);
    assertThat(ds.connections.get() - before).as("round trips of the first run: 20 writes + 1 read").isEqualTo(21);
    assertThat(Histories.count(db.history("perf"), "State10", dev.stepsengine.StepStatus.SUCCEEDED)).isEqualTo(1);

    commits.set(0);
    int second = ds.connections.get();
    engine.run();
    assertThat(commits.get()).as("a run that skips everything writes nothing").isZero();
    assertThat(ds.connections.get() - second).as("and reads once").isEqualTo(1);
  }
}
