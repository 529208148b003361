package io.martflow.cli;

import io.martflow.warehouse.Connections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Recent runs per domain, as a table. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Recent load and publish steps per domain: window, status, row counts, duration.")
final class StatusCommand implements Callable<Integer> {
  @Option(names = "--limit", defaultValue = "20", description = "Rows to show (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--domain", description = "Only this domain.")
  String domain;

  @Override
  public Integer call() throws Exception {
    String sql = """
        select run_id, step, coalesce(domain, model, '') as what,
               to_char(window_start at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as win_start,
               to_char(window_end at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as win_end,
               status, rows_read, rows_staged, rows_rejected, rows_published,
               extract(epoch from (coalesce(finished_at, now()) - started_at)) as seconds, error
        from ctl.run_log
        where step in ('load', 'publish') and (cast(? as text) is null or domain = ?)
        order by started_at desc, run_log_id desc
        limit ?""";
    try (Connections connections = Connections.fromEnvironment(); Connection c = connections.warehouse().open();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, domain);
      ps.setString(2, domain);
      ps.setInt(3, limit);
      String format = "%-34s %-8s %-12s %-16s %-16s %-8s %10s %10s %9s %10s %8s%n";
      System.out.printf(format, "RUN", "STEP", "DOMAIN", "WINDOW START", "WINDOW END", "STATUS", "READ", "STAGED",
          "REJECTED", "PUBLISHED", "SECONDS");
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          System.out.printf(format, rs.getString(1), rs.getString(2), rs.getString(3), dash(rs.getString(4)),
              dash(rs.getString(5)), rs.getString(6), num(rs, 7), num(rs, 8), num(rs, 9), num(rs, 10),
              String.format("%.1f", rs.getDouble(11)));
          if (rs.getString(12) != null) {
            System.out.println("    error: " + rs.getString(12));
          }
        }
      }
      if (rows == 0) {
        System.out.println("(no runs yet)");
      }
    }
    return ExitCodes.OK;
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }

  private static String num(ResultSet rs, int i) throws java.sql.SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? "-" : String.format("%,d", v);
  }
}
