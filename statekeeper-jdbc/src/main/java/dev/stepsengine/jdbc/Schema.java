package dev.stepsengine.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The keeper's tables and their versioned migrations (SEMANTICS J1, J8). The SQL of each version
 * ships in the jar as {@code dev/stepsengine/jdbc/schema/<sqlite|postgresql>/V<n>__<what>.sql},
 * with {@code ${prefix}} for the table name prefix, so Flyway or Liquibase can apply the same
 * files; each ends by recording its version in {@code <prefix>schema}. Migrations run in one write
 * transaction under the dialect's schema lock, so two processes that start at once on an empty
 * database both succeed: the second finds the work done.
 */
final class Schema {
  /** The migration files, version 1 first. */
  static final List<String> FILES = List.of("V1__steps_tables.sql", "V2__outputs_and_attempts.sql");
  /** The schema version this code writes and reads. */
  static final int CURRENT_VERSION = FILES.size();

  private Schema() {}

  /** Returns the class path resource of migration {@code version} (from 1) for {@code dialect}. */
  static String resource(Dialect dialect, int version) {
    return "dev/stepsengine/jdbc/schema/" + dialect.name().toLowerCase(Locale.ROOT) + "/" + FILES.get(version - 1);
  }

  /** Returns the statements of migration {@code version} for {@code dialect}, with the tables' prefix. */
  static List<String> statements(Dialect dialect, int version, Tables tables) {
    String name = resource(dialect, version);
    String sql;
    try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the schema migration " + name + " is missing from the class path");
      }
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    StringBuilder text = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.stripLeading().startsWith("--")) {
        text.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String statement : text.toString().replace("${prefix}", tables.prefix).split(";\\s*\n")) {
      if (!statement.isBlank()) {
        out.add(statement.strip());
      }
    }
    return out;
  }

  /** Creates or migrates the schema to {@link #CURRENT_VERSION}; returns the version found before. */
  static int migrate(Transactions tx) throws SQLException {
    return tx.write(c -> {
      tx.dialect.lockSchema(c);
      execute(c, tx.tables.sql("CREATE TABLE IF NOT EXISTS steps_schema (version INTEGER NOT NULL,"
          + " applied_at BIGINT NOT NULL)"));
      int found = version(tx.tables, c);
      checkNotNewer(found);
      for (int v = found + 1; v <= CURRENT_VERSION; v++) {
        for (String sql : statements(tx.dialect, v, tx.tables)) {
          execute(c, sql);
        }
      }
      return found;
    });
  }

  /**
   * Checks, without changing anything, that the schema is at {@link #CURRENT_VERSION} (automatic
   * migration turned off, J8).
   *
   * @throws SQLException it is older, newer or missing
   */
  static int check(Transactions tx) throws SQLException {
    int found;
    try {
      found = tx.read(c -> version(tx.tables, c));
    } catch (SQLException e) {
      throw new SQLException("the database has no steps schema (" + tx.tables.sql("steps_schema")
          + " cannot be read: " + e.getMessage() + ") and automatic migration is off: apply the SQL files in"
          + " the jar (dev/stepsengine/jdbc/schema/" + tx.dialect.name().toLowerCase(Locale.ROOT)
          + "/) or turn autoMigrate on", e);
    }
    checkNotNewer(found);
    if (found < CURRENT_VERSION) {
      throw new SQLException("the database has steps schema version " + found + " but this keeper needs "
          + CURRENT_VERSION + " and automatic migration is off: apply " + resource(tx.dialect, found + 1)
          + (found + 1 < CURRENT_VERSION ? " and the later files" : "") + " from the jar, or turn autoMigrate on");
    }
    return found;
  }

  private static void checkNotNewer(int found) throws SQLException {
    if (found > CURRENT_VERSION) {
      throw new SQLException("the database has steps schema version " + found + " but this keeper knows only up to "
          + CURRENT_VERSION + ": upgrade steps-statekeeper-jdbc");
    }
  }

  /** Returns the schema version recorded in the database (0 when none). */
  static int version(Tables tables, Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(tables.sql("SELECT MAX(version) FROM steps_schema"))) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
