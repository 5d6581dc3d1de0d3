package dev.stepsengine.jdbc;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.testing.OutputsContract;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The R18 outputs contract for {@link JdbcStateKeeper} on SQLite and on PostgreSQL (SEMANTICS J2);
 * "reopen" is a keeper of another owner over the same execution, as another worker process opens
 * it. The keeper always stores outputs ({@link JdbcStateKeeper#MAX_OUTPUT_CHARS}), so it has no
 * variant without them. SIGKILL between the producer and the next step is in {@code JdbcOutputsTest}.
 */
class JdbcOutputsContractTest {

  /** The contract against one database; each test gets its own execution id. */
  abstract static class OnDatabase extends OutputsContract {
    private final ContractExecutions executions = new ContractExecutions(database());

    abstract Databases database();

    @Override
    protected StateKeeper newKeeper() {
      return executions.newKeeper();
    }

    @Override
    protected StateKeeper reopen(StateKeeper keeper) {
      return ContractExecutions.reopen(keeper);
    }

    @Override
    protected Optional<StateKeeper> newKeeperWithoutOutputs() {
      return Optional.empty();
    }
  }

  @Nested
  @DisplayName("R18 SQLite")
  class Sqlite extends OnDatabase {
    @Override
    Databases database() {
      return Databases.SQLITE;
    }
  }

  @Nested
  @DisplayName("R18 PostgreSQL")
  @RequiresPostgres
  class Postgres extends OnDatabase {
    @Override
    Databases database() {
      return Databases.POSTGRESQL;
    }
  }
}
