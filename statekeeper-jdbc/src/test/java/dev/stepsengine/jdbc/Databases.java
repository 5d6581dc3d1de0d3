package dev.stepsengine.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;

/** The two databases the tests run against (SEMANTICS J2): a fresh, empty one each call. */
enum Databases {
  /** A new SQLite file in a temp dir (deleted when the JVM exits). */
  SQLITE {
    @Override
    DriverManagerDataSource fresh() {
      try {
        Path dir = Files.createTempDirectory("steps-sqlite-");
        dir.toFile().deleteOnExit();
        Path file = dir.resolve("steps.db");
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
          dir.resolve("steps.db" + suffix).toFile().deleteOnExit();
        }
        return DriverManagerDataSource.sqlite(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  },
  /** A new database in the throwaway PostgreSQL server; callers are {@link RequiresPostgres}. */
  POSTGRESQL {
    @Override
    DriverManagerDataSource fresh() {
      return PostgresServer.get().orElseThrow(() -> new IllegalStateException(PostgresServer.unavailableReason()))
          .newDatabase();
    }
  };

  /** Returns a data source of a new, empty database. */
  abstract DriverManagerDataSource fresh();

  /** Returns a data source of a new database with the steps schema created. */
  StepsDatabase freshSteps() {
    DataSource ds = fresh();
    return StepsDatabase.open(ds);
  }
}
