package io.martflow.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the martflow CLI in a separate JVM on the test classpath, as a user or Airflow would run the
 * jar: its own process, environment and exit code, so that it can be killed (SIGKILL) and its
 * command line and output inspected.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** A finished child: exit code and what it printed. */
  public record Result(int exitCode, String stdout, String stderr, List<String> command) {
    public boolean killed() {
      return exitCode == 137;
    }
  }

  /** The classpath of this test JVM (surefire's, else java.class.path). */
  public static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /** The command that runs {@code martflow ARGS} with these JVM system properties. */
  public static List<String> command(List<String> jvmArgs, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    cmd.add("-XX:TieredStopAtLevel=1"); // short runs: skip the optimizing compiler
    cmd.add("-XX:+UseSerialGC");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath());
    cmd.add("io.martflow.cli.MartflowCli");
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts a child; output goes to files under {@code dir}. */
  public static Process start(Map<String, String> env, Path dir, List<String> jvmArgs, String... args)
      throws IOException {
    Files.createDirectories(dir);
    ProcessBuilder pb = new ProcessBuilder(command(jvmArgs, args));
    pb.environment().keySet().removeIf(k -> k.startsWith("MARTFLOW_"));
    pb.environment().putAll(env);
    pb.redirectOutput(dir.resolve("stdout.txt").toFile());
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    return pb.start();
  }

  /** Runs a child to its end (or fails the test after {@code timeout}). */
  public static Result run(Map<String, String> env, Path dir, Duration timeout, List<String> jvmArgs, String... args)
      throws Exception {
    Process p = start(env, dir, jvmArgs, args);
    return await(p, dir, timeout, command(jvmArgs, args));
  }

  public static Result await(Process p, Path dir, Duration timeout, List<String> command) throws Exception {
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("martflow " + command + " did not finish within " + timeout + "; stderr: "
          + read(dir.resolve("stderr.txt")));
    }
    return new Result(p.exitValue(), read(dir.resolve("stdout.txt")), read(dir.resolve("stderr.txt")), command);
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }
}
