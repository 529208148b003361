package io.martflow.testing;

import io.martflow.cli.MartflowCli;
import io.martflow.warehouse.Connections;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the martflow CLI in-process with a given environment and captures its output. */
public record CliRun(int exitCode, String stdout, String stderr) {

  public static CliRun run(Map<String, String> env, String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      int code = Connections.withEnvironment(env, () -> MartflowCli.execute(args));
      return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  /** Lines of stderr, ignoring blank ones. */
  public java.util.List<String> errorLines() {
    return stderr.lines().filter(l -> !l.isBlank()).toList();
  }
}
