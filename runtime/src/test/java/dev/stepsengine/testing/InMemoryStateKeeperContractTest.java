package dev.stepsengine.testing;

import dev.stepsengine.StateKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The keeper contract for {@link InMemoryStateKeeper}, with and without running state and hand-overs. */
class InMemoryStateKeeperContractTest {

  @Nested
  @DisplayName("without running state")
  class WithoutRunningState extends StateKeeperContract {
    @Override
    protected StateKeeper newKeeper() {
      return new InMemoryStateKeeper();
    }
  }

  @Nested
  @DisplayName("with running state")
  class WithRunningState extends StateKeeperContract {
    @Override
    protected StateKeeper newKeeper() {
      return new InMemoryStateKeeper().withRunningState(true);
    }
  }

  @Nested
  @DisplayName("with running state and hand-overs")
  class WithHandOvers extends StateKeeperContract {
    @Override
    protected StateKeeper newKeeper() {
      return new InMemoryStateKeeper().withRunningState(true).withHandOvers(true);
    }
  }
}
