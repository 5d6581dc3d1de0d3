package dev.stepsengine.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** K14: the backoff arithmetic of {@link ReconcileControls} and its builder's checks. */
class ReconcileControlsTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static ReconcileControls backoff() {
    return ReconcileControls.builder().backoff(MINUTE, Duration.ofMinutes(8)).build();
  }

  @Test
  @DisplayName("K14: a failure rescheduled on time each time waits 1, 2, 4, 8, 8 minutes (doubling, capped)")
  void k14_backoffDoublesWithTheTimeTheFailureHasLasted() {
    ReconcileControls controls = backoff();
    List<Duration> delays = new ArrayList<>();
    Duration elapsed = Duration.ZERO;
    for (int i = 0; i < 5; i++) {
      Duration delay = controls.backoffAfter(elapsed);
      delays.add(delay);
      elapsed = elapsed.plus(delay).plusMillis(300); // the reconcile itself takes a little time
    }
    assertThat(delays).containsExactly(MINUTE, MINUTE.multipliedBy(2), MINUTE.multipliedBy(4),
        MINUTE.multipliedBy(8), MINUTE.multipliedBy(8));
  }

  @Test
  @DisplayName("K14: a reconcile brought forward by another event does not count as a further failure")
  void k14_earlyReconcileDoesNotGrowTheBackoff() {
    ReconcileControls controls = backoff();

    assertThat(controls.backoffAfter(Duration.ofSeconds(10))).isEqualTo(MINUTE);
    assertThat(controls.backoffAfter(Duration.ofSeconds(70))).isEqualTo(MINUTE.multipliedBy(2));
  }

  @Test
  @DisplayName("K14: counted failures (no condition to read) grow by the multiplier and stop at the cap")
  void k14_countedFailuresGrowAndCap() {
    ReconcileControls controls = ReconcileControls.builder()
        .backoff(Duration.ofSeconds(2), 3, Duration.ofSeconds(20)).build();

    assertThat(List.of(1, 2, 3, 4, 100).stream().map(controls::backoffFor))
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(6), Duration.ofSeconds(18),
            Duration.ofSeconds(20), Duration.ofSeconds(20));
  }

  @Test
  @DisplayName("K14: the builder refuses a non-positive delay, a cap below the first delay and a multiplier below 1")
  void k14_builderChecks() {
    assertThatThrownBy(() -> ReconcileControls.builder().backoff(Duration.ZERO, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial");
    assertThatThrownBy(() -> ReconcileControls.builder().backoff(MINUTE, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter");
    assertThatThrownBy(() -> ReconcileControls.builder().backoff(MINUTE, 0.5, MINUTE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> ReconcileControls.builder().resyncEvery(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> ReconcileControls.builder().clock(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("clock");
  }
}
