package dev.stepsengine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import dev.stepsengine.testing.ChildJvm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash safety (SEMANTICS J5): a worker process is killed with SIGKILL at every one of the
 * pipeline's {@value #POINTS} kill points, in random order and with a random delay after the marker;
 * a restarted worker then completes the pipeline. Half the restarts use the same owner id (taking
 * the dead worker's lease back); the other half a new owner whose clock is past the lease (taking an
 * expired lease over).
 */
class JdbcCrashSafetyTest {
  /** The markers of one full run: start, then before and after each step's action. */
  private static final int POINTS = 1 + 2 * WorkerProcess.STEPS;

  @ParameterizedTest(name = "J5 {0}: SIGKILL at 21 points, restart: every step succeeds exactly once, nothing lost")
  @EnumSource(Databases.class)
  void killedWorkerRestartsWithoutLosingOrRepeatingSteps(Databases database) throws Exception {
    long seed = System.nanoTime();
    System.out.println("J5 " + database + ": kill points shuffled with seed " + seed);
    Random random = new Random(seed);
    DriverManagerDataSource ds = database.fresh();
    StepsDatabase db = StepsDatabase.open(ds);
    WorkerProcess.createEffectTable(ds);
    List<Integer> points = new ArrayList<>();
    for (int k = 1; k <= POINTS; k++) {
      points.add(k);
    }
    Collections.shuffle(points, random);
    long start = System.nanoTime();

    for (int k : points) {
      String execution = "crash-" + k;
      int delayMicros = random.nextInt(500);
      List<String> seen = killAfterMarker(ds, database, execution, k, delayMicros);
      List<StepTransition> beforeRestart = db.history(execution);
      boolean sameOwner = k % 2 == 0;
      restart(ds, database, execution, sameOwner);
      assertCompletedOnce(db, ds, execution, beforeRestart,
          "killed " + delayMicros + " µs after marker " + k + " (" + seen.get(seen.size() - 1) + "), seed " + seed);
    }
    System.out.printf("J5 %s: %d kills and restarts in %.1f s%n", database, POINTS,
        (System.nanoTime() - start) / 1e9);
  }

  /** Starts a worker, answers markers up to the {@code k}th, kills it {@code delayMicros} after answering it. */
  private static List<String> killAfterMarker(DriverManagerDataSource ds, Databases database, String execution,
      int k, int delayMicros) throws Exception {
    List<String> markers = new ArrayList<>();
    try (ChildJvm child = ChildJvm.start(WorkerProcess.class, "run", ds.url(), database.user(), execution,
        "worker-1", "0")) {
      child.go();
      while (markers.size() < k) {
        String line = child.nextLine();
        assertThat(line).as("marker %d of %s; stderr: %s", markers.size() + 1, execution, child.stderr())
            .startsWith("M ");
        markers.add(line);
        child.go();
      }
      long until = System.nanoTime() + delayMicros * 1_000L;
      while (System.nanoTime() < until) {
        Thread.onSpinWait(); // the kill lands somewhere in the work that follows the marker
      }
      child.kill();
    }
    return markers;
  }

  /** Starts a worker that runs the pipeline to its end, answering every marker. */
  private static void restart(DriverManagerDataSource ds, Databases database, String execution, boolean sameOwner)
      throws Exception {
    String owner = sameOwner ? "worker-1" : "worker-2";
    long clockOffset = sameOwner ? 0 : WorkerProcess.LEASE.toMillis() + 1000;
    try (ChildJvm child = ChildJvm.start(WorkerProcess.class, "run", ds.url(), database.user(), execution, owner,
        Long.toString(clockOffset))) {
      child.go();
      for (String line; (line = child.nextLine()) != null && !line.equals("DONE"); ) {
        child.go();
      }
      assertThat(child.waitFor()).as("restarted worker of %s; stderr: %s", execution, child.stderr()).isZero();
    }
  }

  private static void assertCompletedOnce(StepsDatabase db, DriverManagerDataSource ds, String execution,
      List<StepTransition> beforeRestart, String context) throws Exception {
    List<StepTransition> history = db.history(execution);
    Map<String, Integer> effects = JdbcMultiProcessTest.effects(ds, execution);
    List<StepTransition> afterRestart = history.subList(beforeRestart.size(), history.size());
    assertThat(history.subList(0, beforeRestart.size())).as("history kept, %s", context).isEqualTo(beforeRestart);
    Histories.assertUnbroken(history);
    ExecutionStatus status = db.execution(execution).orElseThrow();
    for (int i = 1; i <= WorkerProcess.STEPS; i++) {
      String state = WorkerProcess.state(i);
      StepState stored = status.state(state).orElseThrow();
      assertThat(stored.status()).as("%s, %s", state, context).isEqualTo(StepStatus.SUCCEEDED);
      assertThat(Histories.count(history, state, StepStatus.SUCCEEDED)).as("successes of %s, %s", state, context)
          .isEqualTo(1);
      assertThat(Histories.count(history, state, StepStatus.RUNNING)).as("starts of %s, %s", state, context)
          .isBetween(1L, 2L);
      assertThat(effects.get(state)).as("action runs of %s, %s", state, context).isBetween(1, 2);
      if (Histories.count(beforeRestart, state, StepStatus.SUCCEEDED) == 1) {
        assertThat(Histories.count(afterRestart, state, StepStatus.RUNNING))
            .as("%s succeeded before the kill and must not start again, %s", state, context).isZero();
        assertThat(effects.get(state)).as("action runs of %s, %s", state, context).isEqualTo(1);
      }
    }
    long interrupted = effects.values().stream().filter(n -> n == 2).count();
    assertThat(interrupted).as("at most the interrupted step ran twice, %s", context).isLessThanOrEqualTo(1);
  }
}
