package io.martflow.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.martflow.testing.CliRun;
import io.martflow.testing.TestDatabase;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Errors are one clear line with a documented, non-zero exit code. */
class CliErrorsTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir Path tmp;

  @Test
  void anUnknownFlagIsAUsageError() throws Exception {
    CliRun run = CliRun.run(db.env(), "db", "migrate", "--no-such-flag");
    assertThat(run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines(), hasSize(1));
    assertThat(run.stderr(), containsString("--no-such-flag"));
  }

  @Test
  void anUnreachableDatabaseIsOneLineWithExitCode3() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Map<String, String> env = new HashMap<>();
    env.put("MARTFLOW_DB_URL", "jdbc:postgresql://localhost:" + closedPort + "/martflow?connectTimeout=5");
    env.put("MARTFLOW_DB_USER", "martflow");
    CliRun run = CliRun.run(env, "db", "migrate");
    assertThat(run.exitCode(), equalTo(ExitCodes.DATABASE_UNAVAILABLE));
    assertThat(run.errorLines(), hasSize(1));
    assertThat(run.stderr(), containsString("cannot connect to PostgreSQL at martflow@localhost:" + closedPort));
  }

  @Test
  void aWrongPasswordIsOneLineWithExitCode3AndDoesNotPrintThePassword() throws Exception {
    try (Connection c = db.open(); Statement s = c.createStatement()) {
      s.execute("drop role if exists cli_wrong_pw");
      s.execute("create role cli_wrong_pw login password 'the-right-one'");
    }
    Path passwordFile = tmp.resolve("pw");
    Files.writeString(passwordFile, "definitely-wrong-77");
    Map<String, String> env = new HashMap<>(db.env());
    env.put("MARTFLOW_DB_USER", "cli_wrong_pw");
    env.put("MARTFLOW_DB_PASSWORD_FILE", passwordFile.toString());
    CliRun run = CliRun.run(env, "db", "migrate");
    assertThat(run.exitCode(), equalTo(ExitCodes.DATABASE_UNAVAILABLE));
    assertThat(run.errorLines(), hasSize(1));
    assertThat(run.stderr(), containsString("authentication failed for cli_wrong_pw@"));
    assertThat(run.stderr() + run.stdout(), not(containsString("definitely-wrong-77")));
  }

  @Test
  void aMalformedDatabaseUrlIsAUsageError() throws Exception {
    CliRun run = CliRun.run(Map.of("MARTFLOW_DB_URL", "mysql://localhost/x"), "db", "migrate");
    assertThat(run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines(), hasSize(1));
    assertThat(run.stderr(), containsString("MARTFLOW_DB_URL"));
  }

  @Test
  void versionAndHelpSucceed() throws Exception {
    assertThat(CliRun.run(db.env(), "--version").exitCode(), equalTo(ExitCodes.OK));
    CliRun help = CliRun.run(db.env(), "--help");
    assertThat(help.exitCode(), equalTo(ExitCodes.OK));
    assertThat(help.stdout(), containsString("Exit codes"));
  }
}
