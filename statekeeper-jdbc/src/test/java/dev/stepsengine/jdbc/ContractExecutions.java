package dev.stepsengine.jdbc;

import dev.stepsengine.StateKeeper;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keepers the shared contracts (StateKeeperContract, OutputsContract) run on: one fresh
 * database per test, created on first use, and each keeper its own execution id in it.
 */
final class ContractExecutions {
  private static final AtomicInteger EXECUTIONS = new AtomicInteger();

  private final Databases database;
  private StepsDatabase db;

  ContractExecutions(Databases database) {
    this.database = database;
  }

  /** Returns a keeper of a new execution, owner {@code contract}. */
  StateKeeper newKeeper() {
    if (db == null) {
      db = database.freshSteps();
    }
    return JdbcStateKeeper.builder(db, "execution-" + EXECUTIONS.incrementAndGet()).owner("contract").build();
  }

  /** Returns a keeper of the same execution as {@code keeper}, as another process opens it. */
  static StateKeeper reopen(StateKeeper keeper) {
    JdbcStateKeeper k = (JdbcStateKeeper) keeper;
    return JdbcStateKeeper.builder(k.database(), k.executionId()).owner("another-process").build();
  }
}
