package dev.stepsengine.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the tests of this JVM: {@code initdb} and {@code pg_ctl} from
 * the server binaries installed on the machine, in a temp dir, on a free loopback port; run as the
 * {@code postgres} user through {@code runuser} when the tests run as root. Started on first use,
 * stopped and deleted when the JVM exits. Each test gets its own database ({@link #newDatabase}).
 */
final class PostgresServer {
  /** Set to {@code 1} (CI does) to fail instead of skipping when no server binaries are installed. */
  static final String REQUIRE_ENV = "STEPS_REQUIRE_POSTGRES";

  private static PostgresServer instance;
  private static String unavailable;

  private final Path dir;
  private final int port;
  private final AtomicInteger databases = new AtomicInteger();

  private PostgresServer(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  /** Returns the directory of the newest installed server binaries, if any (system property {@code steps.postgres.root} moves the search). */
  static Optional<Path> binaries() {
    Path root = Path.of(System.getProperty("steps.postgres.root", "/usr/lib/postgresql"));
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("pg_ctl")) && Files.isExecutable(bin.resolve("initdb")))
          .max(Comparator.comparing(bin -> versionOf(bin.getParent())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Returns whether the tests must fail rather than skip when PostgreSQL is not available. */
  static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  /** Returns the running server, starting it on first use; empty (with {@link #unavailableReason()}) when it cannot run. */
  static synchronized Optional<PostgresServer> get() {
    if (instance == null && unavailable == null) {
      Optional<Path> bin = binaries();
      if (bin.isEmpty()) {
        unavailable = "no PostgreSQL server binaries (initdb, pg_ctl) under "
            + System.getProperty("steps.postgres.root", "/usr/lib/postgresql") + "/*/bin";
      } else {
        try {
          instance = start(bin.get());
        } catch (IOException | InterruptedException | RuntimeException e) {
          unavailable = "starting PostgreSQL from " + bin.get() + " failed: " + e;
        }
      }
    }
    return Optional.ofNullable(instance);
  }

  /**
   * Returns why the PostgreSQL tests are skipped, after printing it; throws instead when
   * {@code STEPS_REQUIRE_POSTGRES=1} requires them to run.
   */
  static String skipReason() {
    String why = unavailableReason();
    if (required()) {
      throw new IllegalStateException("PostgreSQL tests cannot run: " + why + " (and " + REQUIRE_ENV
          + "=1 requires them)");
    }
    String reason = "PostgreSQL tests skipped: " + why;
    System.out.println(reason);
    return reason;
  }

  /** Returns why {@link #get()} is empty. */
  static synchronized String unavailableReason() {
    return unavailable;
  }

  /** Returns the JDBC URL of database {@code name}. */
  String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  /** Creates an empty database and returns a data source for it (user {@code postgres}, trust auth). */
  DriverManagerDataSource newDatabase() {
    String name = "steps_" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", null);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("creating database " + name + " failed", e);
    }
    return DriverManagerDataSource.of(url(name), "postgres", null);
  }

  private static PostgresServer start(Path bin) throws IOException, InterruptedException {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("steps-pg-");
    if (root) {
      UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
      Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
    }
    Path data = dir.resolve("data");
    run(root, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
        "-E", "UTF8", "--no-locale", "--no-sync"));
    IOException lastFailure = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      try {
        run(root, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
            "-l", dir.resolve("server.log").toString(), "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            "start"));
        PostgresServer server = new PostgresServer(dir, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(bin, root), "steps-pg-stop"));
        return server;
      } catch (IOException e) {
        lastFailure = e; // most likely the port was taken between probing and binding: try another
      }
    }
    throw lastFailure;
  }

  private void stop(Path bin, boolean root) {
    try {
      run(root, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
          "-w", "stop"));
    } catch (IOException | InterruptedException e) {
      System.err.println("stopping the test PostgreSQL failed: " + e);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("deleting " + dir + " failed: " + e);
    }
  }

  private static void run(boolean root, List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", full) + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
