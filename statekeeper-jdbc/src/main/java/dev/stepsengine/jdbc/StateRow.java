package dev.stepsengine.jdbc;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One row of {@code steps_state}, and the SQL that reads and writes it. */
record StateRow(String executionId, String name, StepStatus status, String reason, String message, long updatedAt,
    long version, String owner, Long leaseExpiresAt, String outputs) {
  // owner: the worker that wrote the state last; for a running state, the holder of its lease

  /** Reason of the pending state read back for a running state whose lease expired (SEMANTICS J3). */
  static final String REASON_LEASE_EXPIRED = "LeaseExpired";

  static final String COLUMNS =
      "execution_id, state_name, status, reason, message, updated_at, version, owner, lease_expires_at, outputs";

  /** Returns the row of {@code name} in {@code executionId}, or {@code null}. */
  static StateRow find(Tables t, Connection c, String executionId, String name) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, 
        "SELECT " + COLUMNS + " FROM steps_state WHERE execution_id = ? AND state_name = ?")) {
      ps.setString(1, executionId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? of(rs) : null;
      }
    }
  }

  /**
   * Returns the row of {@code name} in {@code executionId}, or {@code null}, as the first query of
   * a write transaction: on PostgreSQL it also bounds the transaction's lock waits to {@code
   * lockWaitMillis} ({@link Dialect#lockWaitColumn()}), so that no {@code SET LOCAL} is needed.
   */
  static StateRow findForWrite(Tables t, Dialect dialect, Connection c, String executionId, String name,
      long lockWaitMillis) throws SQLException {
    String bound = dialect.lockWaitColumn();
    if (bound == null) {
      return find(t, c, executionId, name);
    }
    // one row whether or not the state exists, so that the setting is always made
    try (PreparedStatement ps = t.prepare(c, "SELECT " + COLUMNS + ", " + bound + " FROM (SELECT 1) AS one"
        + " LEFT JOIN steps_state ON execution_id = ? AND state_name = ?")) {
      ps.setString(1, String.valueOf(lockWaitMillis));
      ps.setString(2, executionId);
      ps.setString(3, name);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1) == null ? null : of(rs);
      }
    }
  }

  /** Returns every row of {@code executionId}, ordered by state name. */
  static List<StateRow> all(Tables t, Connection c, String executionId) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, 
        "SELECT " + COLUMNS + " FROM steps_state WHERE execution_id = ? ORDER BY state_name")) {
      ps.setString(1, executionId);
      List<StateRow> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(of(rs));
        }
      }
      return out;
    }
  }

  /** Returns the row at the cursor of {@code rs}, whose first columns are {@link #COLUMNS}. */
  static StateRow of(ResultSet rs) throws SQLException {
    long expires = rs.getLong(9);
    Long leaseExpiresAt = rs.wasNull() ? null : expires;
    return new StateRow(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), leaseExpiresAt, rs.getString(10));
  }

  /** Returns this row with its lease extended to {@code until} (epoch ms). */
  StateRow withLeaseUntil(long until) {
    return new StateRow(executionId, name, status, reason, message, updatedAt, version, owner, until, outputs);
  }

  /** Returns whether this is a running state whose lease has not expired at {@code now}. */
  boolean isLiveLease(Instant now) {
    return status == StepStatus.RUNNING && leaseExpiresAt != null && leaseExpiresAt > now.toEpochMilli();
  }

  /** Returns the state the engine sees at {@code now}: an expired lease reads as pending (SEMANTICS J3). */
  StepState toStepState(Instant now) {
    Instant at = Instant.ofEpochMilli(updatedAt);
    if (status == StepStatus.RUNNING && !isLiveLease(now)) {
      String expiry = leaseExpiresAt == null ? "an unknown time" : Instant.ofEpochMilli(leaseExpiresAt).toString();
      return new StepState(name, StepStatus.PENDING, REASON_LEASE_EXPIRED,
          "the lease of " + owner + " expired at " + expiry, at);
    }
    return new StepState(name, status, reason, message, at, Outputs.decode(outputs), false);
  }

  /** Inserts the row of execution {@code executionId} created at {@code at}, unless it exists. */
  static void insertExecution(Tables t, Connection c, String executionId, long at) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, INSERT_EXECUTION)) {
      ps.setString(1, executionId);
      ps.setLong(2, at);
      ps.executeUpdate();
    }
  }

  /** Inserts an execution's row unless it exists; parameters: the execution id, the creation time. */
  static final String INSERT_EXECUTION = "INSERT INTO steps_execution (execution_id, created_at)"
      + " VALUES (?, ?) ON CONFLICT (execution_id) DO NOTHING";

  /** Inserts a first state (version 1) only when the execution's row exists; {@link #bindInsert} binds it. */
  static final String INSERT = "INSERT INTO steps_state (" + COLUMNS + ") SELECT ?, ?, ?, ?, ?, ?, 1, ?, ?, ?"
      + " WHERE EXISTS (SELECT 1 FROM steps_execution WHERE execution_id = ?)";
  /** {@link #INSERT}, inserting nothing when the state's row exists (the write's read did not look). */
  static final String INSERT_IF_ABSENT = INSERT + " ON CONFLICT DO NOTHING";
  /** Parameters of {@link #INSERT}. */
  static final int INSERT_PARAMETERS = 10;
  /** Updates a state at an expected version to the next; {@link #bindUpdate} binds it. */
  static final String UPDATE = "UPDATE steps_state SET status = ?, reason = ?, message = ?,"
      + " updated_at = ?, version = ?, owner = ?, lease_expires_at = ?, outputs = ?"
      + " WHERE execution_id = ? AND state_name = ? AND version = ?";
  /** Parameters of {@link #UPDATE}. */
  static final int UPDATE_PARAMETERS = 11;
  /** Appends a row to the history; {@link #bindTransition} binds it. */
  static final String INSERT_TRANSITION = "INSERT INTO steps_transition (execution_id, state_name,"
      + " from_status, to_status, reason, message, owner, at, version, attempt)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  /** Parameters of {@link #INSERT_TRANSITION}. */
  static final int TRANSITION_PARAMETERS = 10;

  /**
   * Inserts the first state of {@code state.name()} (version 1), only when the execution's row
   * exists ({@link #insertExecution} inserts it); returns whether it did.
   */
  static boolean insert(Tables t, Connection c, String executionId, String owner, StepState state, long at,
      Long expires) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, INSERT)) {
      bindInsert(ps, 1, executionId, owner, state, at, expires);
      return ps.executeUpdate() == 1;
    }
  }

  /** Binds {@link #INSERT}'s parameters from index {@code at0}. */
  static void bindInsert(PreparedStatement ps, int at0, String executionId, String owner, StepState state, long at,
      Long expires) throws SQLException {
    ps.setString(at0, executionId);
    ps.setString(at0 + 1, state.name());
    ps.setString(at0 + 2, state.status().name());
    ps.setString(at0 + 3, Values.reason(state.reason()));
    ps.setString(at0 + 4, Values.message(state.message()));
    ps.setLong(at0 + 5, at);
    ps.setString(at0 + 6, owner);
    setNullableLong(ps, at0 + 7, expires);
    ps.setString(at0 + 8, Outputs.encode(state.name(), state.outputs()));
    ps.setString(at0 + 9, executionId);
  }

  /** Updates the state to {@code expectedVersion + 1}; a {@link Transactions.Conflict} when the row is not at {@code expectedVersion}. */
  static void update(Tables t, Connection c, String executionId, String owner, StepState state, long at, Long expires,
      long expectedVersion) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, UPDATE)) {
      bindUpdate(ps, 1, executionId, owner, state, at, expires, expectedVersion);
      if (ps.executeUpdate() != 1) {
        throw new Transactions.Conflict("state '" + state.name() + "' changed after version " + expectedVersion);
      }
    }
  }

  /** Binds {@link #UPDATE}'s parameters from index {@code at0}. */
  static void bindUpdate(PreparedStatement ps, int at0, String executionId, String owner, StepState state, long at,
      Long expires, long expectedVersion) throws SQLException {
    ps.setString(at0, state.status().name());
    ps.setString(at0 + 1, Values.reason(state.reason()));
    ps.setString(at0 + 2, Values.message(state.message()));
    ps.setLong(at0 + 3, at);
    ps.setLong(at0 + 4, expectedVersion + 1);
    ps.setString(at0 + 5, owner);
    setNullableLong(ps, at0 + 6, expires);
    ps.setString(at0 + 7, Outputs.encode(state.name(), state.outputs()));
    ps.setString(at0 + 8, executionId);
    ps.setString(at0 + 9, state.name());
    ps.setLong(at0 + 10, expectedVersion);
  }

  /** Appends a row to the transition history (SEMANTICS J6). */
  static void insertTransition(Tables t, Connection c, String executionId, String owner, StepState state, StepStatus from,
      long at, long version, int attempt) throws SQLException {
    try (PreparedStatement ps = t.prepare(c, INSERT_TRANSITION)) {
      bindTransition(ps, 1, executionId, owner, state, from, at, version, attempt);
      ps.executeUpdate();
    }
  }

  /** Binds {@link #INSERT_TRANSITION}'s parameters from index {@code at0}. */
  static void bindTransition(PreparedStatement ps, int at0, String executionId, String owner, StepState state,
      StepStatus from, long at, long version, int attempt) throws SQLException {
    ps.setString(at0, executionId);
    ps.setString(at0 + 1, state.name());
    ps.setString(at0 + 2, from.name());
    ps.setString(at0 + 3, state.status().name());
    ps.setString(at0 + 4, Values.reason(state.reason()));
    ps.setString(at0 + 5, Values.message(state.message()));
    ps.setString(at0 + 6, owner);
    ps.setLong(at0 + 7, at);
    ps.setLong(at0 + 8, version);
    ps.setInt(at0 + 9, attempt);
  }

  private static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }
}
