package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The names of the keeper's tables (SEMANTICS J8): {@code <prefix>state}, {@code <prefix>transition},
 * ... with the prefix {@value #DEFAULT_PREFIX} unless configured. The SQL of the module is written
 * with the default names; {@link #sql} puts the configured prefix in.
 */
final class Tables {
  /** The prefix of the default table names. */
  static final String DEFAULT_PREFIX = "steps_";
  /** What a prefix may be: an unquoted SQL identifier start, the same on both databases, lower case. */
  static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  static final Tables DEFAULT = new Tables(DEFAULT_PREFIX);

  final String prefix;

  private Tables(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Returns the tables named with {@code prefix}.
   *
   * @throws IllegalArgumentException the prefix is not a lower-case identifier of at most 40 characters
   */
  static Tables withPrefix(String prefix) {
    Objects.requireNonNull(prefix, "tablePrefix");
    if (!PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("tablePrefix '" + prefix + "' is not a table name prefix: a lower-case"
          + " letter, then lower-case letters, digits or '_', at most 40 characters (SEMANTICS J8)");
    }
    return prefix.equals(DEFAULT_PREFIX) ? DEFAULT : new Tables(prefix);
  }

  /** Returns {@code sql}, written with the default table names, with this prefix. */
  String sql(String sql) {
    return this == DEFAULT ? sql : sql.replace(DEFAULT_PREFIX, prefix);
  }

  /** Prepares {@code sql} (written with the default table names) with this prefix. */
  PreparedStatement prepare(Connection c, String sql) throws SQLException {
    return c.prepareStatement(sql(sql));
  }
}
