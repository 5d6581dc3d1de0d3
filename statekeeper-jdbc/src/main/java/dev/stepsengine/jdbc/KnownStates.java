package dev.stepsengine.jdbc;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one keeper knows of its execution between two reads of the database: the rows read at the
 * first read of a run (one query per run instead of one per step) with the keeper's own writes
 * applied, the version of each state it last read or wrote, and the {@link ExecutionFacts} that
 * tell a write which statements it can skip. Thread-safe: the threads of one run share it.
 */
final class KnownStates {
  /** Reads the execution's rows and facts (the run's one query); a failure is a {@code StateKeeperException}. */
  @FunctionalInterface
  interface Loader {
    ExecutionFacts.Read load();
  }

  /** The version of each state this keeper last read or wrote; 0 = read as never written. */
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  /**
   * The rows of this execution as read at the first read since the last {@link #flush()}, with
   * this keeper's own writes applied; {@code null} until read. A write either reads its row inside
   * its transaction or sends a version-checked statement, so a stale entry never overwrites another
   * worker's write (J4).
   */
  private volatile Map<String, StateRow> snapshot;
  /**
   * Guards loading {@link #snapshot} and applying this keeper's writes to it: a load that read
   * before a concurrent write committed must not install that state's older row over the write
   * (threads of one keeper, K6/contract), so a write's row is merged by version under this lock.
   */
  private final Object snapshotLock = new Object();
  /** Whether the execution's row exists and how much history it has. */
  final ExecutionFacts facts = new ExecutionFacts();

  /**
   * Returns the row of {@code name} ({@code null}: none), loading the execution's rows with
   * {@code loader} on the first read since the last flush, and remembers its version as seen.
   */
  StateRow read(String name, Loader loader) {
    Map<String, StateRow> rows = snapshot;
    if (rows == null) {
      synchronized (snapshotLock) { // one read per run, also when several threads ask at once
        rows = snapshot;
        if (rows == null) {
          Map<String, StateRow> read = new ConcurrentHashMap<>();
          ExecutionFacts.Read result = loader.load();
          for (StateRow r : result.rows()) {
            read.put(r.name(), r);
          }
          facts.learn(result);
          rows = snapshot = read;
        }
      }
    }
    StateRow row = rows.get(name);
    seen.put(name, row == null ? 0L : row.version());
    return row;
  }

  /** Returns the version of {@code name} this keeper last read or wrote (0: read as never written), or null. */
  Long seen(String name) {
    return seen.get(name);
  }

  /**
   * Returns the rows as this run knows them, or {@code null} before the run's read; a write that
   * finds its row here at the {@link #seen} version needs not read it first.
   */
  Map<String, StateRow> rows() {
    return snapshot;
  }

  /** After a committed write: {@code row} is what the keeper wrote, and {@code pruned} whether the history was pruned. */
  void applied(StateRow row, boolean pruned, HistoryRetention retention, Instant now) {
    facts.wrote(row.updatedAt(), pruned, retention, now);
    seen.put(row.name(), row.version());
    synchronized (snapshotLock) { // after a load that may have read before this write committed
      Map<String, StateRow> rows = snapshot;
      if (rows != null) {
        rows.merge(row.name(), row, (held, mine) -> held.version() > mine.version() ? held : mine);
      }
    }
  }

  /** After a lease renewal of the row {@code name} at {@code version}: its lease lasts until {@code until}. */
  void renewed(String name, Long version, long until) {
    Map<String, StateRow> rows = snapshot;
    if (rows != null) {
      rows.computeIfPresent(name, (k, r) -> version != null && r.version() == version ? r.withLeaseUntil(until) : r);
    }
  }

  /** After a failed write: the stored states are not what this keeper thinks, so the next read reads them again. */
  void forget() {
    flush();
    facts.forget();
  }

  /** Drops the run's rows: the next read sees other workers' writes. */
  void flush() {
    synchronized (snapshotLock) {
      snapshot = null;
    }
  }
}
