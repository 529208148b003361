package io.martflow.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import io.martflow.testing.CliRun;
import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `martflow generate` through the command line. */
class GenerateCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  @Test
  void generatePrintsTheRowCountsOfEveryTable() throws Exception {
    java.io.ByteArrayOutputStream progress = new java.io.ByteArrayOutputStream();
    CliRun run;
    try (java.io.PrintStream out = new java.io.PrintStream(progress, true, java.nio.charset.StandardCharsets.UTF_8)) {
      Progress.output(out);
      run = CliRun.run(db.env(), "generate", "--scale", "0.05", "--days", "6", "--seed", "5",
          "--start-date", "2025-02-10");
    } finally {
      Progress.output(System.err);
    }
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout(), containsString("2025-02-10 .. 2025-02-15 (6 days, scale 0.05, seed 5)"));
    try (Connection c = db.open(); Statement st = c.createStatement()) {
      for (String table : new String[] {"customers", "products", "orders", "order_items"}) {
        try (ResultSet rs = st.executeQuery("select count(*) from shop." + table)) {
          rs.next();
          String expected = String.format(Locale.ROOT, "%,d rows", rs.getLong(1));
          assertThat(run.stdout(), matchesPattern("(?s).*\\n  " + table + " +" + expected + "\\n.*"));
        }
      }
      try (ResultSet rs = st.executeQuery("select seed, next_day from shop.generator_state")) {
        rs.next();
        assertThat(rs.getLong(1), equalTo(5L));
        assertThat(rs.getString(2), equalTo("2025-02-16"));
      }
    }
    // progress lines: step, rows, rows/s, elapsed
    assertThat(progress.toString(java.nio.charset.StandardCharsets.UTF_8),
        matchesPattern("(?s).*generate 6 days +[0-9,]+ rows +[0-9,]+ rows/s +[0-9.]+ s +done.*"));
  }

  @Test
  void badOptionsAreOneLineUsageErrors() throws Exception {
    String[][] cases = {
        {"--scale must be between 0.01", "generate", "--scale", "0.001"},
        {"--days must be between 1", "generate", "--days", "0"},
        {"--start-date must be a date like", "generate", "--start-date", "31.01.2025"},
        {"--start-date must be in the year 2000 or later", "generate", "--start-date", "1999-12-01"}};
    for (String[] c : cases) {
      String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
      CliRun run = CliRun.run(db.env(), args);
      assertThat(String.join(" ", args), run.exitCode(), equalTo(ExitCodes.USAGE));
      assertThat(String.join(" ", args), run.errorLines(), hasSize(1));
      assertThat(run.stderr(), containsString(c[0]));
    }
  }
}
