package io.martflow.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.martflow.cli.ExitCodes;
import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL injection through a source mapping file (issue #10, secrets and identifiers): schemas, tables,
 * key, change and mapped columns of JDBC sources are SQL identifiers, validated and then quoted;
 * a mapping that tries to smuggle SQL through one (`orders; drop table x`, a column `a"b`) or a
 * second statement into a query is refused by every command that reads it, before anything is
 * opened, with a line naming the file, the line and the identifier. The table the attempt aimed at
 * still exists and nothing was recorded.
 */
class MappingInjectionTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  @TempDir static Path dir;
  static Map<String, String> env;

  static final String TABLE_ATTEMPT = """
      sources:
        - name: evil.orders
          domain: orders
          source_system: evil
          kind: jdbc
          jdbc: {schema: shop, table: "orders; drop table public.x"}
          change_column: updated_at
          columns: {order_id: order_id, customer_id: customer_id, order_ts: order_ts, updated_at: updated_at}
        - name: evil.items
          domain: order_items
          source_system: evil
          kind: jdbc
          jdbc: {schema: "shop\\" cascade; --", table: order_items}
          columns:
            order_id: order_id
            line_no: line_no
            quantity: col('a"b')
            unit_price: "col('unit_price\\" from shop.order_items; drop table public.x; --')"
      """;

  static final String QUERY_ATTEMPT = """
      sources:
        - name: evil.customers
          domain: customers
          source_system: evil
          kind: jdbc
          jdbc: {query: "select * from shop.customers; drop table public.x"}
          columns: {customer_id: customer_id}
      """;

  @BeforeAll
  static void aTableToAimAt() throws Exception {
    Sql.runSqlFile(db.spec(), "source/shop_schema.sql");
    Sql.exec(db.spec(), "create table public.x (id int)");
    env = db.env();
  }

  static CliRun refused(String mapping, String... args) throws Exception {
    Path file = Files.writeString(dir.resolve("evil-" + Math.abs(mapping.hashCode()) + ".yml"), mapping);
    String[] full = new String[args.length + 2];
    System.arraycopy(args, 0, full, 0, args.length);
    full[args.length] = "--sources";
    full[args.length + 1] = file.toString();
    if (args[0].equals("sources")) {
      full = new String[] {"sources", args[1], file.toString()};
    }
    CliRun r = CliRun.run(env, full);
    assertThat(String.join(" ", args) + ": " + r.stderr(), r.exitCode(), equalTo(ExitCodes.USAGE));
    return r;
  }

  @Test
  void injectedIdentifiersAreRefusedByEveryCommandWithTheirLine() throws Exception {
    for (String[] args : List.of(new String[] {"run", "--from", "2026-11-01", "--to", "2026-11-01"},
        new String[] {"load", "--domain", "orders", "--full-refresh"},
        new String[] {"control-check", "--window-start", "2026-11-01", "--window-end", "2026-11-02"},
        new String[] {"backfill", "--from", "2026-11-01", "--to", "2026-11-01"},
        new String[] {"sources", "validate"})) {
      CliRun r = refused(TABLE_ATTEMPT, args);
      if (args[0].equals("sources")) {
        // validate lists every problem, one line each
        assertThat(r.errorLines(), hasItem(containsString(
            ":6: error: table: not a valid SQL identifier: 'orders; drop table public.x'")));
        assertThat(r.errorLines(), hasItem(containsString(
            ":13: error: schema: not a valid SQL identifier: 'shop\" cascade; --'")));
        assertThat(r.errorLines(), hasItem(containsString(
            ":17: error: columns.quantity: not a valid SQL identifier: 'a\"b'")));
        assertThat(r.errorLines(), hasItem(containsString(":18: error: columns.unit_price: not a valid SQL identifier")));
      } else {
        // the other commands stop at once with one line: the first problem and how many more
        assertThat(r.errorLines(), equalTo(List.of(r.errorLines().get(0))));
        assertThat(r.stderr(), containsString(":6: table: not a valid SQL identifier: 'orders; drop table public.x'"));
        assertThat(r.stderr(), containsString("configuration never becomes SQL text (and 3 more problem(s); run"
            + " 'martflow sources validate' to see them all)"));
      }
    }
  }

  @Test
  void aSecondStatementInAQueryIsRefused() throws Exception {
    for (String[] args : List.of(new String[] {"run", "--from", "2026-11-01", "--to", "2026-11-01"},
        new String[] {"sources", "validate"})) {
      assertThat(refused(QUERY_ATTEMPT, args).errorLines(), hasItem(allOf(containsString(".yml:6: "),
          containsString("query must be one statement without ';'"))));
    }
  }

  @Test
  void theTargetStillExistsAndNothingRan() throws Exception {
    injectedIdentifiersAreRefusedByEveryCommandWithTheirLine();
    assertThat(Sql.count(db.spec(), "select count(*) from pg_tables where schemaname = 'public' and tablename = 'x'"),
        equalTo(1L));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.run_log"), equalTo(0L));
    assertThat(Sql.count(db.spec(), "select count(*) from ctl.tb_control_data_update"), equalTo(0L));
  }
}
