package dev.stepsengine.jdbc;

import dev.stepsengine.throttling.ThrottleRecord;
import dev.stepsengine.throttling.ThrottleStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ThrottleStore} in the steps database (SEMANTICS R4, J6), so throttle intervals survive
 * restarts and hold across workers. Get one from {@link StepsDatabase#throttleStore()} or
 * {@link JdbcStateKeeper#throttleStore()}. Thread-safe.
 */
public final class JdbcThrottleStore implements ThrottleStore {
  private final StepsDatabase db;

  JdbcThrottleStore(StepsDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Optional<ThrottleRecord> get(String key) {
    return db.call("reading throttle key " + key, c -> {
      try (PreparedStatement ps = db.tx.tables.prepare(c, 
          "SELECT last_start, last_success FROM steps_throttle WHERE throttle_key = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          Instant start = instant(rs, 1);
          Instant success = instant(rs, 2);
          return Optional.of(new ThrottleRecord(start, success));
        }
      }
    });
  }

  @Override
  public void put(String key, ThrottleRecord record) {
    db.callInTransaction("writing throttle key " + key, c -> {
      try (PreparedStatement ps = db.tx.tables.prepare(c, "INSERT INTO steps_throttle (throttle_key, last_start, last_success)"
          + " VALUES (?, ?, ?) ON CONFLICT (throttle_key)"
          + " DO UPDATE SET last_start = excluded.last_start, last_success = excluded.last_success")) {
        ps.setString(1, key);
        setInstant(ps, 2, record.lastStart());
        setInstant(ps, 3, record.lastSuccess());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void remove(String key) {
    db.callInTransaction("removing throttle key " + key, c -> {
      try (PreparedStatement ps = db.tx.tables.prepare(c, "DELETE FROM steps_throttle WHERE throttle_key = ?")) {
        ps.setString(1, key);
        return ps.executeUpdate();
      }
    });
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static void setInstant(PreparedStatement ps, int index, Instant at) throws SQLException {
    if (at == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, at.toEpochMilli());
    }
  }
}
