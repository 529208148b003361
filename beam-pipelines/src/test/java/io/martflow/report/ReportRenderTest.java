package io.martflow.report;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import io.martflow.cli.ExitCodes;
import io.martflow.quality.QualityRunner;
import io.martflow.testing.CliRun;
import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run report is one self-contained HTML file, and Debian's Chromium, headless and offline,
 * draws every chart of it without a script error: the page's script marks
 * {@code data-report-status="rendered"} only when every figure was drawn.
 */
class ReportRenderTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final String RUN = "qa-run";
  @TempDir static Path tmp;
  static Path report;
  static String html;

  @BeforeAll
  static void writeReport() throws Exception {
    Sql.runResource(db.spec(), "fixtures/quality_clean.sql");
    io.martflow.warehouse.models.ModelRunner.build(db.spec(), RUN, List.of(), true);
    // A warning with a sample, so the quality table shows violating rows; markup in data is escaped.
    Sql.exec(db.spec(), "update dw.tb_orders set customer_id = 999 where order_id = 101");
    Sql.exec(db.spec(), "update ctl.rejects set message = '<script>alert(1)</script> & </script>'"
        + " where domain = 'orders'");
    QualityRunner.run(db.spec(), RUN);
    report = ReportWriter.write(db.spec(), RUN, tmp.resolve("reports/report.html"));
    html = Files.readString(report);
  }

  @Test
  void theReportIsOneSelfContainedFile() {
    assertThat(Files.exists(report), is(true));
    assertThat("no external resource", html, allOf(not(containsString("src=\"http")), not(containsString("href=\"http")),
        not(containsString("<link")), not(containsString("@import")), not(containsString("url("))));
    assertThat("data is escaped", html, allOf(not(containsString("<script>alert(1)")),
        containsString("&lt;script&gt;alert(1)&lt;/script&gt; &amp;")));
    assertThat(html, allOf(containsString("Run summary per domain"), containsString("Rejects by reason"),
        containsString("Quality checks"), containsString("relationships_dw_orders_customers"),
        containsString("customer not in dw.tb_customers"), containsString("UNKNOWN_STATUS"),
        containsString("The order status is missing or not found in ref.status_map.")));
  }

  @Test
  void theCliWritesTheReportAndPrintsItsPath() throws Exception {
    Path out = tmp.resolve("cli/run.html");
    CliRun run = CliRun.run(db.env(), "report", "--run-id", RUN, "--out", out.toString());
    assertThat(run.stderr(), run.exitCode(), equalTo(ExitCodes.OK));
    assertThat(run.stdout().strip(), equalTo(out.toAbsolutePath().normalize().toString()));
    assertThat(Files.readString(out), containsString("data-run-id=\"qa-run\""));
  }

  @Test
  void chromiumDrawsEveryChartWithoutAnError() throws Exception {
    Rendered r = Chromium.dumpDom(report);
    assertThat("console errors: " + r.log(), r.consoleErrors(), empty());
    assertThat(bodyTag(r.dom()), allOf(containsString("data-report-status=\"rendered\""),
        containsString("data-charts-rendered=\"6\"")));
    for (String chart : List.of("daily_revenue", "orders_by_status", "segment_sizes", "cohort_retention",
        "top_categories", "rejects_by_reason")) {
      String figure = figure(r.dom(), chart);
      assertThat(chart, figure, allOf(containsString("data-rendered=\"svg\""), containsString("<svg")));
    }
    assertThat("two order statuses, two bars", count(figure(r.dom(), "orders_by_status"), "<rect"), equalTo(2));
    assertThat("one day of revenue, one point", count(figure(r.dom(), "daily_revenue"), "<circle"), equalTo(1));
    assertThat("one cohort (the failed order does not count), one month", count(figure(r.dom(), "cohort_retention"),
        "<rect"), equalTo(1));
    assertThat("one segment, one bar", count(figure(r.dom(), "segment_sizes"), "<rect"), equalTo(1));
  }

  @Test
  void aMartThatIsNotBuiltIsExplainedNotAnError() throws Exception {
    Sql.exec(db.spec(), "alter table mart.customer_segments rename to customer_segments_later");
    try {
      Path file = ReportWriter.write(db.spec(), RUN, tmp.resolve("unbuilt.html"));
      Rendered r = Chromium.dumpDom(file);
      assertThat(bodyTag(r.dom()), containsString("data-report-status=\"rendered\""));
      assertThat(figure(r.dom(), "segment_sizes"), allOf(containsString("data-rendered=\"empty\""),
          containsString("Not available yet")));
    } finally {
      Sql.exec(db.spec(), "alter table mart.customer_segments_later rename to customer_segments");
    }
  }

  @Test
  void aBrokenChartIsReportedByTheMarker() throws Exception {
    Path broken = tmp.resolve("broken.html");
    Files.writeString(broken, html.replace("\"kind\":\"bar\"", "\"kind\":\"no-such-kind\""));
    Rendered r = Chromium.dumpDom(broken);
    assertThat(bodyTag(r.dom()), containsString("data-report-status=\"error\""));
    assertThat(r.dom(), containsString("orders_by_status: draw[spec.kind] is not a function"));
  }

  /** The opening body tag of the rendered DOM: where the page's script leaves its marker. */
  static String bodyTag(String dom) {
    Matcher m = Pattern.compile("<body[^>]*>").matcher(dom);
    assertThat("a body element in the DOM", m.find(), is(true));
    return m.group();
  }

  static String figure(String dom, String chart) {
    Matcher m = Pattern.compile("<figure[^>]*data-chart=\"" + chart + "\".*?</figure>", Pattern.DOTALL).matcher(dom);
    assertThat("figure " + chart + " in the DOM", m.find(), is(true));
    return m.group();
  }

  static int count(String s, String token) {
    int n = 0;
    for (int i = s.indexOf(token); i >= 0; i = s.indexOf(token, i + 1)) {
      n++;
    }
    return n;
  }

  record Rendered(String dom, String log, List<String> consoleErrors) {}

  /** Debian's chromium, headless, offline, with the flags that keep it from waiting on the network. */
  static final class Chromium {
    static Path binary() {
      String configured = System.getenv("MARTFLOW_CHROMIUM");
      for (String candidate : new String[] {configured, "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
        if (candidate != null && Files.isExecutable(Path.of(candidate))) {
          return Path.of(candidate);
        }
      }
      throw new AssertionError("Chromium is not installed: run scripts/ensure-chromium (Debian's chromium package)"
          + " or set MARTFLOW_CHROMIUM");
    }

    static Rendered dumpDom(Path file) throws Exception {
      Path profile = Files.createTempDirectory("martflow-chromium-profile");
      try {
        return run(file, profile);
      } finally {
        try (var walk = Files.walk(profile)) {
          walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }

    private static Rendered run(Path file, Path profile) throws Exception {
      List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
          "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
          "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
          "--dump-dom", file.toUri().toString()));
      Process p = new ProcessBuilder(cmd).start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("chromium did not finish in 120 s: " + err.getNow(""));
      }
      String log = err.get(10, TimeUnit.SECONDS);
      List<String> consoleErrors = log.lines()
          .filter(l -> l.contains(":CONSOLE(") || l.contains("Uncaught") || l.contains("SyntaxError")).toList();
      String dom = out.get(10, TimeUnit.SECONDS);
      assertThat("chromium exit code; log: " + log, p.exitValue(), equalTo(0));
      return new Rendered(dom, log, consoleErrors);
    }

    private static String read(InputStream in) {
      try (in) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }
  }
}
