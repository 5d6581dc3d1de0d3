package dev.stepsengine.jdbc;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection through {@link DriverManager} each time: enough
 * for SQLite and for a few PostgreSQL workers, with no pool library. Use a pooled data source
 * (HikariCP, your container's) when many threads write at a high rate.
 */
public final class DriverManagerDataSource implements DataSource {
  private final String url;
  private final Properties properties;
  private volatile PrintWriter logWriter;

  private DriverManagerDataSource(String url, Properties properties) {
    this.url = Objects.requireNonNull(url, "url");
    this.properties = properties;
  }

  /**
   * Returns a data source for the SQLite database in {@code file} (created when missing).
   *
   * @param file the file
   * @return a data source for the SQLite database in {@code file} (created when missing)
   */
  public static DriverManagerDataSource sqlite(Path file) {
    return new DriverManagerDataSource("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
  }

  /**
   * Returns a data source for {@code url}, logging in as {@code user} with {@code password} (either may be {@code null}).
   *
   * @param url the url
   * @param user the user
   * @param password the password
   * @return a data source for {@code url}, logging in as {@code user} with {@code password} (either may be {@code null})
   */
  public static DriverManagerDataSource of(String url, String user, String password) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
    }
    if (password != null) {
      p.setProperty("password", password);
    }
    return new DriverManagerDataSource(url, p);
  }

  /**
   * Returns the JDBC URL.
   *
   * @return the JDBC URL
   */
  public String url() {
    return url;
  }

  /** Opens a new connection. */
  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, properties);
  }

  /** Opens a new connection as {@code username} with {@code password}. */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return DriverManager.getConnection(url, username, password);
  }

  /** Returns the log writer set with {@link #setLogWriter}, or {@code null}. */
  @Override
  public PrintWriter getLogWriter() {
    return logWriter;
  }

  /** Sets a log writer (kept for the {@link DataSource} contract; the data source writes nothing). */
  @Override
  public void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  /** Sets the login timeout of {@link DriverManager} (it is global to the process). */
  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  /** Returns the login timeout of {@link DriverManager}. */
  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  /** Not supported: the data source uses no {@code java.util.logging} logger. */
  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  /** Returns this data source if it implements {@code iface}. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper of " + iface.getName());
  }

  /** Returns whether this data source implements {@code iface}. */
  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "DriverManagerDataSource[" + url + "]";
  }
}
