package dev.stepsengine.jdbc;

import dev.stepsengine.StepHeldElsewhereException;
import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The write transactions of one {@link JdbcStateKeeper} (SEMANTICS J4): each checks the lease and
 * the version, writes the state's row and its history row, and tells {@link KnownStates} what it
 * wrote. A write whose row the run already knows is sent without reading the row first
 * ({@link #plan}, {@link Batch}: one round trip on PostgreSQL); one that finds its row changed
 * writes nothing and reads the row, as every write did before ({@link #write}).
 */
final class StateWrites {
  private final StepsDatabase db;
  private final String executionId;
  private final String owner;
  private final Duration leaseDuration;
  private final KnownStates known;

  StateWrites(StepsDatabase db, String executionId, String owner, Duration leaseDuration, KnownStates known) {
    this.db = db;
    this.executionId = executionId;
    this.owner = owner;
    this.leaseDuration = leaseDuration;
    this.known = known;
  }

  /**
   * Writes {@code state} as attempt {@code attempt} in one transaction; {@code retrying}: only over
   * the state this keeper last wrote. {@code what} says what is written, for the error message.
   */
  void store(StepState state, Instant now, int attempt, boolean retrying, String what) {
    Written written;
    try {
      written = db.callInTransaction(what, (c, lockWait) -> {
        Planned planned = retrying ? null : plan(state, now, attempt);
        if (planned != null) {
          if (runPlanned(c, lockWait, planned, null)) {
            return planned.written();
          }
          db.tx.restart(c); // the row changed since: nothing of the batch is kept, and the write reads it
        }
        return write(c, lockWait, state, now, attempt, retrying);
      });
    } catch (RuntimeException e) {
      known.forget();
      throw e;
    }
    applied(written, now);
  }

  /**
   * Writes {@code finished} (attempt {@code attempt}) and then the lease {@code running} in one
   * transaction. Returns what was written: the lease is missing when another worker holds it (then
   * with the refusal, and {@code finished} committed alone), and when the thread is interrupted
   * before the transaction commits ({@code interrupted}: before it began): then the transaction is
   * begun again with {@code finished} alone, so the engine stops before the next step as after two
   * writes (R9). A failure writes neither.
   */
  HandedOver handOver(StepState finished, StepState running, Instant now, int attempt, boolean interrupted,
      String what) {
    HandedOver done;
    try {
      done = db.callInTransaction(what, (c, lockWait) -> {
        if (interrupted || Thread.currentThread().isInterrupted()) {
          return new HandedOver(finishedAlone(c, lockWait, finished, now, attempt), null, null);
        }
        // the lease is planned only with the success, so the history keeps their order
        Planned success = plan(finished, now, attempt);
        Planned lease = success == null ? null : plan(running, now, 1);
        Written mine = null;
        Written next = null;
        if (success != null) {
          if (runPlanned(c, lockWait, success, lease)) {
            mine = success.written();
            next = lease == null ? null : lease.written();
          } else {
            db.tx.restart(c); // a row changed since the run's read: both are written as first writes are
          }
        }
        if (mine == null) {
          mine = write(c, lockWait, finished, now, attempt, false);
        }
        if (next == null) {
          try {
            next = write(c, lockWait, running, now, 1, false);
          } catch (StepHeldElsewhereException held) {
            return new HandedOver(mine, null, held); // the success commits alone
          }
        }
        if (Thread.currentThread().isInterrupted()) { // arrived while the lease was on its way: not taken
          db.tx.restart(c);
          return new HandedOver(finishedAlone(c, lockWait, finished, now, attempt), null, null);
        }
        return new HandedOver(mine, next, null);
      });
    } catch (RuntimeException e) {
      known.forget();
      throw e;
    }
    applied(done.finished(), now);
    if (done.running() != null) {
      applied(done.running(), now);
    }
    return done;
  }

  /** In a hand-over's transaction: writes only {@code finished}, planned when it can be. */
  private Written finishedAlone(Connection c, long lockWait, StepState finished, Instant now, int attempt)
      throws SQLException {
    Planned success = plan(finished, now, attempt);
    if (success != null) {
      if (runPlanned(c, lockWait, success, null)) {
        return success.written();
      }
      db.tx.restart(c);
    }
    return write(c, lockWait, finished, now, attempt, false);
  }

  private void applied(Written written, Instant now) {
    known.applied(written.row(), written.pruned(), db.retention, now);
  }

  /** What one write transaction wrote: the row as it is now, and whether the history was pruned. */
  record Written(StateRow row, boolean pruned) {}

  /**
   * A write planned from what the keeper knows of its row ({@code known}; null: known absent),
   * sent without reading the row first: its insert or update and its history row, then what it
   * will have written.
   */
  record Planned(StepState state, StateRow known, boolean withExecution, long at, Long expires, int attempt,
      Written written) {}

  /**
   * Plans writing {@code state} without reading its row first, when the run's rows hold
   * the row at the version the keeper last saw (or knows there is none), the row is not another
   * worker's lease (a renewal changes its expiry, not its version, so only a read tells whether it
   * expired), and the write needs no retention delete (the execution's row, when the run's
   * read found none, is inserted in the same batch).
   * The update's version check (the insert's {@code ON CONFLICT}) is then the whole of J4's check:
   * a row changed since makes the batch write nothing of its state; the transaction is then begun
   * again and {@link #write} runs as it would have. Returns null when the write must read its row
   * first.
   */
  Planned plan(StepState state, Instant now, int attempt) {
    Map<String, StateRow> rows = known.rows();
    String name = state.name();
    Long seenVersion = known.seen(name);
    if (rows == null || seenVersion == null) {
      return null;
    }
    StateRow row = rows.get(name);
    if ((row == null ? 0L : row.version()) != seenVersion
        || (row != null && row.status() == StepStatus.RUNNING && !owner.equals(row.owner()))) {
      return null;
    }
    long at = (state.updatedAt() != null ? state.updatedAt() : now).toEpochMilli();
    boolean running = state.status() == StepStatus.RUNNING;
    if (!running && known.facts.needsPrune(db.retention, now, at)) {
      return null;
    }
    Long expires = running ? now.plus(leaseDuration).toEpochMilli() : null;
    StateRow after = new StateRow(executionId, name, state.status(), Values.reason(state.reason()),
        Values.message(state.message()), at, seenVersion + 1, owner, expires, Outputs.encode(name, state.outputs()));
    // the run's read found no execution row (a first run): it is inserted, unless another worker did so meanwhile
    boolean withExecution = row == null && known.facts.needsExecutionRow();
    return new Planned(state, row, withExecution, at, expires, attempt, new Written(after, false));
  }

  /**
   * Sends the planned writes ({@code second} may be null) after the transaction's lock-wait bound,
   * in one round trip on PostgreSQL ({@link Batch}); returns whether every state row was written.
   * When one was not (its row changed since the run's read), the batch's history rows are not
   * either's to keep: the caller begins the transaction again.
   */
  private boolean runPlanned(Connection c, long lockWaitMillis, Planned first, Planned second)
      throws SQLException {
    Batch batch = new Batch();
    String bound = db.tx.dialect.lockWaitColumn();
    if (bound != null) {
      batch.add("SELECT " + bound, 1, (ps, i) -> ps.setString(i, String.valueOf(lockWaitMillis)));
    }
    int[] at = new int[2];
    Planned[] plans = {first, second};
    for (int p = 0; p < 2; p++) {
      Planned w = plans[p];
      if (w == null) {
        continue;
      }
      at[p] = batch.size();
      StepState state = w.state();
      StateRow row = w.known();
      if (w.withExecution()) {
        batch.add(StateRow.INSERT_EXECUTION, 2, (ps, i) -> {
          ps.setString(i, executionId);
          ps.setLong(i + 1, w.at());
        });
        at[p]++;
      }
      if (row == null) {
        batch.add(StateRow.INSERT_IF_ABSENT, StateRow.INSERT_PARAMETERS,
            (ps, i) -> StateRow.bindInsert(ps, i, executionId, owner, state, w.at(), w.expires()));
      } else {
        batch.add(StateRow.UPDATE, StateRow.UPDATE_PARAMETERS,
            (ps, i) -> StateRow.bindUpdate(ps, i, executionId, owner, state, w.at(), w.expires(), row.version()));
      }
      batch.add(StateRow.INSERT_TRANSITION, StateRow.TRANSITION_PARAMETERS,
          (ps, i) -> StateRow.bindTransition(ps, i, executionId, owner, state,
              row == null ? StepStatus.PENDING : row.status(), w.at(), w.written().row().version(), w.attempt()));
    }
    int[] counts = batch.run(db.tx.tables, db.tx.dialect, c);
    for (int p = 0; p < 2; p++) {
      if (plans[p] != null && counts[at[p]] != 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * One write transaction: checks lease and version, writes the state and its history row (and
   * the execution's row and the retention's deletes only when they can change something).
   */
  Written write(Connection c, long lockWaitMillis, StepState state, Instant now, int attempt,
      boolean retrying) throws SQLException {
    String name = state.name();
    StateRow row = StateRow.findForWrite(db.tx.tables, db.tx.dialect, c, executionId, name, lockWaitMillis);
    long current = row == null ? 0 : row.version();
    Long seenVersion = known.seen(name);
    boolean changedSinceSeen = seenVersion != null && seenVersion != current;
    boolean heldByOther = row != null && row.isLiveLease(now) && !owner.equals(row.owner());
    if (retrying && (changedSinceSeen || row == null || !owner.equals(row.owner()))) {
      throw new StateConflictException("state '" + name + "' of " + executionId + " was changed by "
          + (row == null ? "someone" : row.owner() + " (now " + row.status() + ")") + " while " + owner
          + " ran attempt " + attempt + "; refusing to record it");
    }
    if (changedSinceSeen && row == null) {
      throw new StateConflictException("state '" + name + "' of " + executionId + " was deleted (the execution was"
          + " deleted) since " + owner + " saw version " + seenVersion + "; refusing to write " + state.status()
          + "; run again to start the execution anew");
    }
    if (state.status() == StepStatus.RUNNING) {
      if (heldByOther) {
        throw new StepHeldElsewhereException(name, row.owner(),
            Duration.ofMillis(row.leaseExpiresAt() - now.toEpochMilli()));
      }
      if (changedSinceSeen && row.status() == StepStatus.SUCCEEDED) {
        // another worker completed the step after this one read it: it must not run again
        throw new StepHeldElsewhereException(name, row.owner(), Duration.ZERO);
      }
    } else if (changedSinceSeen || (seenVersion == null && heldByOther)) {
      throw new StateConflictException("state '" + name + "' of " + executionId + " was changed by " + row.owner()
          + " (now " + row.status() + ", version " + current + ") since " + owner + " saw version " + seenVersion
          + "; refusing to write " + state.status());
    }
    long version = current + 1;
    Long expires = state.status() == StepStatus.RUNNING ? now.plus(leaseDuration).toEpochMilli() : null;
    long at = (state.updatedAt() != null ? state.updatedAt() : now).toEpochMilli();
    if (row == null) {
      boolean recorded = known.facts.needsExecutionRow();
      if (recorded) {
        StateRow.insertExecution(db.tx.tables, c, executionId, at);
      }
      // the insert checks that the execution's row exists: it may have been deleted since this keeper saw it
      if (!StateRow.insert(db.tx.tables, c, executionId, owner, state, at, expires) && !recorded) {
        StateRow.insertExecution(db.tx.tables, c, executionId, at);
        StateRow.insert(db.tx.tables, c, executionId, owner, state, at, expires);
      }
    } else {
      StateRow.update(db.tx.tables, c, executionId, owner, state, at, expires, current);
    }
    StateRow.insertTransition(db.tx.tables, c, executionId, owner, state, row == null ? StepStatus.PENDING : row.status(), at,
        version, attempt);
    // J6: in the final write, and only when the retention can find something to delete
    boolean prune = state.status() != StepStatus.RUNNING && known.facts.needsPrune(db.retention, now, at);
    if (prune) {
      db.retention.prune(db.tx.tables, c, executionId, now);
    }
    return new Written(new StateRow(executionId, name, state.status(), Values.reason(state.reason()),
        Values.message(state.message()), at, version, owner, expires, Outputs.encode(name, state.outputs())), prune);
  }


  /** What a hand-over's transaction wrote: the final state, and the lease or why it was refused. */
  record HandedOver(Written finished, Written running, StepHeldElsewhereException held) {}
}
