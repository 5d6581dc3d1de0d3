package dev.stepsengine.jdbc;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.testing.StateKeeperContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The keeper contract for {@link JdbcStateKeeper} on SQLite and on PostgreSQL (SEMANTICS J2). */
class JdbcStateKeeperContractTest {

  /** The contract against one database; each test gets its own execution id. */
  abstract static class OnDatabase extends StateKeeperContract {
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
  }

  @Nested
  @DisplayName("J2 SQLite")
  class Sqlite extends OnDatabase {
    @Override
    Databases database() {
      return Databases.SQLITE;
    }
  }

  @Nested
  @DisplayName("J2 PostgreSQL")
  @RequiresPostgres
  class Postgres extends OnDatabase {
    @Override
    Databases database() {
      return Databases.POSTGRESQL;
    }
  }
}
