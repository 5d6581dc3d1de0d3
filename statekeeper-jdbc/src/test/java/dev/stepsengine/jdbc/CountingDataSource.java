package dev.stepsengine.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * The drivers' own plain data sources ({@code SQLiteDataSource}, {@code PGSimpleDataSource}), as
 * subclasses that remember every physical connection they open: a test counts them, breaks them,
 * or checks that they were closed. Being subclasses, a {@link StepsDatabase} sees them as plain.
 */
interface CountingDataSource extends DataSource {
  /**
   * Returns the physical connections opened so far, oldest first.
   *
   * @return the connections opened so far
   */
  List<Connection> opened();

  /**
   * Returns a counting plain data source of a new, empty database of {@code database}.
   *
   * @param database the database kind
   * @return the data source
   */
  static CountingDataSource fresh(Databases database) {
    String url = database.fresh().url();
    if (database == Databases.SQLITE) {
      Sqlite ds = new Sqlite();
      ds.setUrl(url);
      return ds;
    }
    Postgres ds = new Postgres();
    ds.setUrl(url);
    ds.setUser(database.user());
    return ds;
  }

  /** Adds {@code c} to {@code opened} and returns it. */
  private static <C extends Connection> C remember(List<Connection> opened, C c) {
    opened.add(c);
    return c;
  }

  /** {@code SQLiteDataSource}, counting (it opens every connection through this method). */
  final class Sqlite extends SQLiteDataSource implements CountingDataSource {
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    @Override
    public SQLiteConnection getConnection(String user, String password) throws SQLException {
      return remember(opened, super.getConnection(user, password));
    }

    @Override
    public List<Connection> opened() {
      return opened;
    }
  }

  /** {@code PGSimpleDataSource}, counting (the same; a subclass each, as the drivers' classes share no base). */
  final class Postgres extends PGSimpleDataSource implements CountingDataSource {
    private final List<Connection> opened = new CopyOnWriteArrayList<>();

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return remember(opened, super.getConnection(user, password));
    }

    @Override
    public List<Connection> opened() {
      return opened;
    }
  }
}
