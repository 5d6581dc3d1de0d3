package dev.stepsengine.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker's {@code main} in a child JVM (the java and class path of this one), with its stdout as a
 * queue of lines and its stdin to answer markers: what the crash-safety tests (SEMANTICS J5, R18)
 * start and kill with SIGKILL.
 */
public final class ChildJvm implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  /** The child's side: its stdin, where the parent's {@link #go()} lines arrive. */
  private static final BufferedReader PARENT = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  private final Process process;
  private final PrintWriter stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path stderr;

  private ChildJvm(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
    this.stdin = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // the process was killed
      }
      lines.add(EOF);
    }, "child-stdout-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts {@code mainClass} with {@code args}; its stderr goes to a temporary file.
   *
   * @param mainClass the class whose {@code main} the child runs
   * @param args its arguments
   * @return the running child
   * @throws IOException when the process cannot be started
   */
  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xss512k",
        "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    Path stderr = Files.createTempFile("steps-child-", ".err");
    stderr.toFile().deleteOnExit();
    Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    return new ChildJvm(p, stderr);
  }

  /** Sends one line to the child (the answer to a marker, or the start signal). */
  public void go() {
    stdin.println("go");
  }

  /**
   * Returns the next line the child prints, waiting up to 60 s.
   *
   * @return the line, or {@code null} when the child exited
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError when the child printed nothing for 60 s (its stderr in the message)
   */
  public String nextLine() throws InterruptedException {
    String line = lines.poll(60, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no output from the child in 60 s; its stderr:\n" + stderr());
    }
    return line.equals(EOF) ? null : line;
  }

  /**
   * Kills the child with SIGKILL and waits until it is gone.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Waits up to 120 s for the child to exit.
   *
   * @return its exit code
   * @throws InterruptedException when interrupted while waiting
   * @throws AssertionError when it did not exit in time (it is then killed)
   */
  public int waitFor() throws InterruptedException {
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child did not exit in 120 s");
    }
    return process.exitValue();
  }

  /**
   * Returns what the child wrote to stderr so far.
   *
   * @return the text, or a note that it could not be read
   */
  public String stderr() {
    try {
      return Files.readString(stderr);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Kills the child if it still runs and deletes its stderr file. */
  @Override
  public void close() {
    process.destroyForcibly();
    new File(stderr.toString()).delete();
  }

  /**
   * In the child: prints marker {@code label} (a line {@code M label} the parent reads with
   * {@link #nextLine()}) and waits for the parent's {@link #go()}, so the parent can kill it there.
   *
   * @param label what the child is about to do or has just done
   */
  public static void marker(String label) {
    System.out.println("M " + label);
    awaitGo();
  }

  /** In the child: waits for the parent's {@link #go()}; exits with status 3 when the parent is gone. */
  public static void awaitGo() {
    try {
      if (PARENT.readLine() == null) {
        System.exit(3); // the test is gone
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
