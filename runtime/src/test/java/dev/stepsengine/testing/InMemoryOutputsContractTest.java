package dev.stepsengine.testing;

import dev.stepsengine.StateKeeper;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The R18 outputs contract for {@link InMemoryStateKeeper}, with and without running state. */
class InMemoryOutputsContractTest {

  @Nested
  @DisplayName("R18 in memory, without running state")
  class WithoutRunningState extends OutputsContract {
    @Override
    protected StateKeeper newKeeper() {
      return new InMemoryStateKeeper();
    }

    @Override
    protected Optional<StateKeeper> newKeeperWithoutOutputs() {
      return Optional.of(new InMemoryStateKeeper().withMaxOutputChars(0));
    }
  }

  @Nested
  @DisplayName("R18 in memory, with running state")
  class WithRunningState extends OutputsContract {
    @Override
    protected StateKeeper newKeeper() {
      return new InMemoryStateKeeper().withRunningState(true);
    }

    @Override
    protected Optional<StateKeeper> newKeeperWithoutOutputs() {
      return Optional.of(new InMemoryStateKeeper().withRunningState(true).withMaxOutputChars(0));
    }
  }
}
