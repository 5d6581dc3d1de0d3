package dev.stepsengine.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A plain {@link DataSource} for a JDBC URL: a thin wrapper over the driver's own data source,
 * {@code org.sqlite.SQLiteDataSource} for {@code jdbc:sqlite:} and {@code
 * org.postgresql.ds.PGSimpleDataSource} for {@code jdbc:postgresql:}, made by name so that only
 * the driver the application uses needs to be on its class path. Each {@code getConnection()}
 * opens a new physical connection; a {@link StepsDatabase} opened on it keeps its connections
 * open and reuses them ({@link StepsDatabase.Builder#keepConnections}), so one process needs no
 * pool library. When many threads of the process write, pass a pool (HikariCP) instead.
 *
 * <p>The name is kept from the version that went through {@link java.sql.DriverManager}.
 */
public final class DriverManagerDataSource implements DataSource {
  private final String url;
  private final DataSource driver;

  private DriverManagerDataSource(String url, DataSource driver) {
    this.url = url;
    this.driver = driver;
  }

  /**
   * Returns a data source for the SQLite database in {@code file} (created when missing).
   *
   * @param file the file
   * @return a data source for the SQLite database in {@code file} (created when missing)
   * @throws IllegalStateException the SQLite driver ({@code org.xerial:sqlite-jdbc}) is not on the class path
   */
  public static DriverManagerDataSource sqlite(Path file) {
    return of("jdbc:sqlite:" + Objects.requireNonNull(file, "file").toAbsolutePath(), null, null);
  }

  /**
   * Returns a data source for {@code url}, logging in as {@code user} with {@code password}
   * (either may be {@code null}: then the URL's own, if any, apply; SQLite ignores both).
   *
   * @param url a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}
   * @return a data source for {@code url}
   * @throws IllegalArgumentException the URL is not one of a database the keeper supports, or the driver refuses it
   * @throws IllegalStateException the driver of the URL is not on the class path
   */
  public static DriverManagerDataSource of(String url, String user, String password) {
    Objects.requireNonNull(url, "url");
    DataSource driver;
    if (url.startsWith("jdbc:sqlite:")) {
      driver = create("org.sqlite.SQLiteDataSource", "org.xerial:sqlite-jdbc");
      set(driver, "setUrl", url);
    } else if (url.startsWith("jdbc:postgresql:")) {
      driver = create("org.postgresql.ds.PGSimpleDataSource", "org.postgresql:postgresql");
      set(driver, "setUrl", url);
      if (user != null) {
        set(driver, "setUser", user);
      }
      if (password != null) {
        set(driver, "setPassword", password);
      }
    } else {
      throw new IllegalArgumentException("unsupported JDBC URL '" + url + "': the steps database runs on SQLite"
          + " (jdbc:sqlite:<file>) and PostgreSQL (jdbc:postgresql://<host>/<database>)");
    }
    return new DriverManagerDataSource(url, driver);
  }

  private static DataSource create(String className, String artifact) {
    try {
      return (DataSource) Class.forName(className).getConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(className + " is not on the class path: add the driver " + artifact
          + " to the application's dependencies", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + className + ": " + e, e);
    }
  }

  private static void set(DataSource driver, String setter, String value) {
    try {
      driver.getClass().getMethod(setter, String.class).invoke(driver, value);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(driver.getClass().getSimpleName() + " refused " + setter + ": "
          + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(driver.getClass().getName() + " has no " + setter + "(String): " + e, e);
    }
  }

  /**
   * Returns the JDBC URL.
   *
   * @return the JDBC URL
   */
  public String url() {
    return url;
  }

  /**
   * Opens a new physical connection through the driver's data source.
   *
   * @return the connection
   * @throws SQLException the database refused or could not be reached
   */
  @Override
  public Connection getConnection() throws SQLException {
    return driver.getConnection();
  }

  /**
   * Opens a new physical connection as {@code username} with {@code password}.
   *
   * @param username the user
   * @param password the password
   * @return the connection
   * @throws SQLException the database refused or could not be reached
   */
  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return driver.getConnection(username, password);
  }

  /** Returns the driver data source's log writer. */
  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return driver.getLogWriter();
  }

  /** Sets the driver data source's log writer. */
  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    driver.setLogWriter(out);
  }

  /** Sets the driver data source's login timeout. */
  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    driver.setLoginTimeout(seconds);
  }

  /** Returns the driver data source's login timeout. */
  @Override
  public int getLoginTimeout() throws SQLException {
    return driver.getLoginTimeout();
  }

  /** Returns the driver data source's parent logger. */
  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  /**
   * Returns this data source or the driver's one ({@code SQLiteDataSource}, {@code PGSimpleDataSource}) as {@code iface}.
   *
   * @param iface the type wanted
   * @return this or the driver's data source
   * @throws SQLException neither implements {@code iface}
   */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (iface.isInstance(driver)) {
      return iface.cast(driver);
    }
    return driver.unwrap(iface);
  }

  /** Returns whether this data source or the driver's one implements {@code iface}. */
  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || iface.isInstance(driver) || driver.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "DriverManagerDataSource[" + url + " via " + driver.getClass().getSimpleName() + "]";
  }
}
