package dev.stepsengine.jdbc;

import dev.stepsengine.StepState;
import dev.stepsengine.StepStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One row of {@code steps_state}, and the SQL that reads it. */
record StateRow(String executionId, String name, StepStatus status, String reason, String message, long updatedAt,
    long version, String owner, Long leaseExpiresAt) {
  // owner: the worker that wrote the state last; for a running state, the holder of its lease

  /** Reason of the pending state read back for a running state whose lease expired (SEMANTICS J3). */
  static final String REASON_LEASE_EXPIRED = "LeaseExpired";

  static final String COLUMNS =
      "execution_id, state_name, status, reason, message, updated_at, version, owner, lease_expires_at";

  /** Returns the row of {@code name} in {@code executionId}, or {@code null}. */
  static StateRow find(Connection c, String executionId, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM steps_state WHERE execution_id = ? AND state_name = ?")) {
      ps.setString(1, executionId);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? of(rs) : null;
      }
    }
  }

  /** Returns every row of {@code executionId}, ordered by state name. */
  static List<StateRow> all(Connection c, String executionId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
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

  private static StateRow of(ResultSet rs) throws SQLException {
    long expires = rs.getLong(9);
    Long leaseExpiresAt = rs.wasNull() ? null : expires;
    return new StateRow(rs.getString(1), rs.getString(2), StepStatus.valueOf(rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getString(8), leaseExpiresAt);
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
    return new StepState(name, status, reason, message, at);
  }
}
