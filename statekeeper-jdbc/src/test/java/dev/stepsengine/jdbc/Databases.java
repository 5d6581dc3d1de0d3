package dev.stepsengine.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

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
  /**
   * A new database in the throwaway PostgreSQL server. Without one the calling test is skipped with
   * the reason printed, or fails when {@code STEPS_REQUIRE_POSTGRES=1}.
   */
  POSTGRESQL {
    @Override
    DriverManagerDataSource fresh() {
      Optional<PostgresServer> server = PostgresServer.get();
      if (server.isEmpty()) {
        Assumptions.abort(PostgresServer.skipReason());
      }
      return server.get().newDatabase();
    }
  };

  /** Returns the user name a child process logs in as ({@code -} for none). */
  String user() {
    return this == POSTGRESQL ? "postgres" : "-";
  }

  /** Returns a data source of a new, empty database. */
  abstract DriverManagerDataSource fresh();

  /** Returns a data source of a new database with the steps schema created. */
  StepsDatabase freshSteps() {
    DataSource ds = fresh();
    return StepsDatabase.open(ds);
  }
}
