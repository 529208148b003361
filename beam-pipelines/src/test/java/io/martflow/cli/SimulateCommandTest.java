package io.martflow.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.martflow.testing.CliRun;
import io.martflow.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `martflow simulate` through the command line. */
class SimulateCommandTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();

  @Test
  void simulateBeforeGenerateIsAOneLineError() throws Exception {
    CliRun run = CliRun.run(db.env(), "simulate", "--days", "1");
    assertThat(run.exitCode(), not(equalTo(ExitCodes.OK)));
    assertThat(run.exitCode(), equalTo(ExitCodes.USAGE));
    assertThat(run.errorLines(), hasSize(1));
    assertThat(run.stderr(), containsString("no generated demo shop in"));
    assertThat(run.stderr(), containsString("run 'martflow generate' first"));
  }

  @Test
  void generateThenSimulatePrintsWhatChanged() throws Exception {
    String database = TestDatabase.createDatabase(true);
    try {
      java.util.Map<String, String> env = new java.util.HashMap<>(db.env());
      env.put("MARTFLOW_DB_URL", TestDatabase.specFor(database).jdbcUrl());
      CliRun generate = CliRun.run(env, "generate", "--scale", "0.05", "--days", "10", "--start-date", "2025-06-01");
      assertThat(generate.stderr(), generate.exitCode(), equalTo(ExitCodes.OK));

      CliRun run = CliRun.run(env, "simulate", "--days", "2");
      assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
      assertThat(run.stdout(), containsString("Simulated 2025-06-11 .. 2025-06-12 (2 days)"));
      try (Connection c = TestDatabase.specFor(database).open(); Statement st = c.createStatement()) {
        for (String table : new String[] {"customers", "products", "orders", "order_items"}) {
          try (ResultSet rs = st.executeQuery("select count(*), count(*) filter (where created_at >= '2025-06-11')"
              + " from shop." + table)) {
            rs.next();
            String counts = String.format(Locale.ROOT, " +%,d +[0-9,]+ +%,d", rs.getLong(2), rs.getLong(1));
            assertThat(run.stdout(), matchesPattern("(?s).*\\n  " + table + counts + "\\n.*"));
          }
        }
      }

      CliRun bad = CliRun.run(env, "simulate", "--days", "0");
      assertThat(bad.exitCode(), equalTo(ExitCodes.USAGE));
      assertThat(bad.errorLines(), hasSize(1));
    } finally {
      TestDatabase.dropDatabase(database);
    }
  }
}
