package dev.stepsengine.jdbc;

import dev.stepsengine.StateKeeper;
import dev.stepsengine.testing.StateKeeperContract;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/** The keeper contract for {@link JdbcStateKeeper} on SQLite and on PostgreSQL (SEMANTICS J2). */
class JdbcStateKeeperContractTest {
  private static final AtomicInteger EXECUTIONS = new AtomicInteger();

  /** The contract against one database; each test gets its own execution id. */
  abstract static class OnDatabase extends StateKeeperContract {
    private StepsDatabase db;

    abstract Databases database();

    @Override
    protected StateKeeper newKeeper() {
      if (db == null) {
        db = database().freshSteps();
      }
      return JdbcStateKeeper.builder(db, "execution-" + EXECUTIONS.incrementAndGet()).owner("contract").build();
    }

    @Override
    protected StateKeeper reopen(StateKeeper keeper) {
      JdbcStateKeeper k = (JdbcStateKeeper) keeper;
      return JdbcStateKeeper.builder(k.database(), k.executionId()).owner("another-process").build();
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
