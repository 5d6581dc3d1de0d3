package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.testing.ManualClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * K6 / J4 for one keeper shared by threads: the states are read once per run, and a thread whose
 * read is slow must not install what it read over a write another thread made meanwhile.
 */
class JdbcSnapshotRaceTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @ParameterizedTest(name = "{0}")
  @EnumSource(Databases.class)
  @DisplayName("J4, K6: a slow first read on one thread cannot hide another thread's write from it; its next write succeeds")
  void slowReadDoesNotHideAWrite(Databases database) throws Exception {
    FaultyDataSource ds = new FaultyDataSource(database.fresh());
    JdbcStateKeeper keeper = JdbcStateKeeper.builder(ds, "snapshot-race").clock(new ManualClock(AT))
        .renewEvery(Duration.ZERO).build();
    CountDownLatch readPaused = new CountDownLatch(1);
    CountDownLatch resumeRead = new CountDownLatch(1);
    AtomicBoolean armed = new AtomicBoolean(true);
    ds.fault(new FaultyDataSource.Fault() {
      @Override
      public void before(String sql) {}

      @Override
      public void after(String sql) throws SQLException {
        if (sql.startsWith("SELECT ") && sql.contains("steps_transition") && armed.getAndSet(false)) {
          readPaused.countDown(); // the run's read has its rows, from before B's write
          await(resumeRead);
        }
      }
    });

    Thread a = new Thread(() -> keeper.getStepState("A"), "reader-a");
    a.start();
    await(readPaused);
    CountDownLatch firstWriteDone = new CountDownLatch(1);
    CountDownLatch readerDone = new CountDownLatch(1);
    AtomicReference<Throwable> failureOfB = new AtomicReference<>();
    Thread b = new Thread(() -> {
      try {
        keeper.getStepState("B");
        keeper.setStepState(StepState.of("B", StepStatus.PENDING, "Waiting", "first", AT));
        firstWriteDone.countDown();
        await(readerDone);
        keeper.getStepState("B");
        keeper.setStepState(StepState.of("B", StepStatus.SUCCEEDED, "Success", "second", AT));
      } catch (Throwable e) {
        failureOfB.set(e);
      }
    }, "writer-b");
    b.start();
    // B either waits for A's read (one read per run) or, without that, reads and writes on its own
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (firstWriteDone.getCount() > 0 && b.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    resumeRead.countDown();
    a.join(TimeUnit.SECONDS.toMillis(30));
    readerDone.countDown();
    b.join(TimeUnit.SECONDS.toMillis(30));

    assertThat(failureOfB.get()).as("B's second write").isNull();
    StepState stored = JdbcStateKeeper.builder(ds, "snapshot-race").owner("check").build().getStepState("B");
    assertThat(stored.status()).isEqualTo(StepStatus.SUCCEEDED);
    assertThat(stored.message()).isEqualTo("second");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
