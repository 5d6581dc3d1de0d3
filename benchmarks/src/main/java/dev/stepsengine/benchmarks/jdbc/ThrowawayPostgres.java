package dev.stepsengine.benchmarks.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server for one benchmark trial, made with the server binaries installed under
 * {@code /usr/lib/postgresql/<version>/bin}: {@code initdb} into a temp dir, {@code pg_ctl start}
 * on a free loopback port (as the {@code postgres} user through {@code runuser} when run as root),
 * and {@code pg_ctl stop} plus deletion on {@link #close()}. The server keeps PostgreSQL's durable
 * defaults ({@code fsync}, {@code synchronous_commit} on), so commits cost what they cost in
 * production on this disk. For control experiments only, the system property
 * {@value #EXTRA_OPTIONS} adds server options, e.g. {@code -c synchronous_commit=off}.
 */
final class ThrowawayPostgres implements AutoCloseable {
  /** The system property whose value is appended to the server's options. */
  static final String EXTRA_OPTIONS = "steps.bench.postgres.options";

  private final Path bin;
  private final Path dir;
  private final boolean asRoot;
  /** The port the server listens on, on 127.0.0.1. */
  final int port;

  private ThrowawayPostgres(Path bin, Path dir, boolean asRoot, int port) {
    this.bin = bin;
    this.dir = dir;
    this.asRoot = asRoot;
    this.port = port;
  }

  /** Starts a server; throws {@link IllegalStateException} naming the reason when it cannot. */
  static ThrowawayPostgres start() {
    Path bin = newestBinaries();
    boolean asRoot = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("steps-bench-pg-");
      if (asRoot) {
        Files.setOwner(dir, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
      }
      Path data = dir.resolve("data");
      exec(asRoot, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
          "-E", "UTF8", "--no-locale");
      int port = freePort();
      exec(asRoot, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
          "-l", dir.resolve("server.log").toString(),
          "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=50 "
              + System.getProperty(EXTRA_OPTIONS, ""), "start");
      return new ThrowawayPostgres(bin, dir, asRoot, port);
    } catch (IOException e) {
      throw new IllegalStateException("starting PostgreSQL from " + bin + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting PostgreSQL", e);
    }
  }

  /** Returns the JDBC URL of the {@code postgres} database. */
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  /** Stops the server at once and deletes its files. */
  @Override
  public void close() {
    try {
      exec(asRoot, bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate",
          "-w", "stop");
    } catch (IOException e) {
      System.err.println("stopping PostgreSQL failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("deleting " + dir + " failed: " + e.getMessage());
    }
  }

  private static Path newestBinaries() {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new IllegalStateException("no PostgreSQL server binaries: " + root + " is missing (Debian: apt-get install postgresql)");
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString(),
              Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder())))
          .orElseThrow(() -> new IllegalStateException("no initdb/pg_ctl under " + root + "/*/bin"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void exec(boolean asRoot, String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asRoot) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", full) + ": " + new String(out, StandardCharsets.UTF_8));
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
