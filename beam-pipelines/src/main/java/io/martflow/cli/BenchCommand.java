package io.martflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.martflow.bench.Bench;
import io.martflow.warehouse.Connections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** Measures every stage against in-database baselines; prints a table, writes JSON. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark: generate the source at --scale into a scratch database beside the warehouse",
      "(martflow_bench), time the in-database baseline and the COPY floor, a full run (control check,",
      "each load with busy seconds per read/transform/write, publish, each model, quality) and an",
      "incremental run after one simulated day. Prints ratios; see docs/performance.md."
    })
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--scale", defaultValue = "20", description = "Generator scale (default ${DEFAULT-VALUE}: about 1M order lines over 30 days).")
  double scale;

  @Option(names = "--days", defaultValue = "30", description = "Days of history (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start-date", defaultValue = "2026-01-01",
      description = "First day of the history (default ${DEFAULT-VALUE}, fixed so runs compare).")
  String startDate;

  @Option(names = "--stages", split = ",",
      description = "Stages to run: generate, baselines, run, incremental (default: all).")
  List<String> stages = new ArrayList<>();

  @Option(names = "--database", defaultValue = "martflow_bench",
      description = "Scratch database created beside the warehouse (default ${DEFAULT-VALUE}; dropped first).")
  String database;

  @Option(names = "--out", description = "Write the results as JSON to this file.")
  Path out;

  @Unmatched
  List<String> beamArgs = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Set<String> chosen = new LinkedHashSet<>(stages.isEmpty() ? List.of("generate", "baselines", "run", "incremental")
        : stages);
    for (String s : chosen) {
      if (!Bench.STAGES.contains(s)) {
        throw CliException.usage("unknown stage '" + s + "'; stages are generate, baselines, run, incremental");
      }
    }
    if (!chosen.contains("generate")) {
      throw CliException.usage("the bench database is created empty: --stages must include generate");
    }
    Bench.Options options = new Bench.Options(scale, days, seed, LocalDate.parse(startDate), chosen, database, beamArgs);
    Bench.Result result;
    try (Connections connections = Connections.fromEnvironment()) {
      result = Bench.run(connections, options, System.err);
    }
    print(result);
    if (out != null) {
      ObjectMapper json = new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT);
      Files.writeString(out, json.writeValueAsString(result));
      System.out.println("JSON: " + out.toAbsolutePath());
    }
    return ExitCodes.OK;
  }

  private static void print(Bench.Result r) {
    System.out.printf(Locale.ROOT, "%nmartflow bench: scale %s, %d days, %s cores, Java %s%n", plain(r.options().scale()),
        r.options().days(), r.machine().get("cores"), r.machine().get("java"));
    String row = "%-20s %-28s %9s %12s %12s  %s%n";
    System.out.printf(Locale.ROOT, row, "stage", "what", "seconds", "rows", "rows/s", "busy seconds");
    double qualitySeconds = 0;
    int qualityChecks = 0;
    String qualityStage = "quality";
    for (Bench.Timing t : r.timings()) {
      if (t.stage().endsWith("quality")) {
        qualitySeconds += t.seconds();
        qualityChecks++;
        qualityStage = t.stage();
        continue;
      }
      if (qualityChecks > 0 && !t.stage().endsWith("quality")) {
        printQuality(row, qualityStage, qualitySeconds, qualityChecks);
        qualitySeconds = 0;
        qualityChecks = 0;
      }
      StringBuilder busy = new StringBuilder();
      for (Map.Entry<String, Double> b : t.busy().entrySet()) {
        busy.append(String.format(Locale.ROOT, "%s %.1f  ", b.getKey(), b.getValue()));
      }
      System.out.printf(Locale.ROOT, row, t.stage(), t.name(), String.format(Locale.ROOT, "%.1f", t.seconds()),
          t.rows() == null ? "" : String.format(Locale.ROOT, "%,d", t.rows()),
          t.rowsPerSecond() == null ? "" : String.format(Locale.ROOT, "%,.0f", t.rowsPerSecond()), busy.toString().trim());
    }
    if (qualityChecks > 0) {
      printQuality(row, qualityStage, qualitySeconds, qualityChecks);
    }
    Map<String, Double> ratios = r.ratios();
    if (!ratios.isEmpty()) {
      System.out.println();
      ratio(ratios, "order_items_load_vs_in_database", "order_items load / in-database baseline", "x (target <= 2.5x)");
      ratio(ratios, "order_items_load_vs_copy_floor", "order_items load / COPY out+in floor", "x");
      if (ratios.containsKey("incremental_vs_full_run")) {
        System.out.printf(Locale.ROOT, "  %-42s %6.1f %%  (target <= 5 %%)%n", "incremental run / full run",
            100 * ratios.get("incremental_vs_full_run"));
      }
    }
    if (!r.memory().isEmpty()) {
      System.out.printf(Locale.ROOT, "  %-42s %6.2f GB (max heap %.2f GB; target <= 2 GB at scale 100)%n",
          "JVM peak heap", gb(r.memory().get("peak_heap_bytes")), gb(r.memory().get("max_heap_bytes")));
      System.out.printf(Locale.ROOT, "  %-42s %6.2f GB%n", "process peak RSS", gb(r.memory().get("peak_rss_bytes")));
    }
  }

  /** The checks run side by side (SqlWorkers): their seconds add up to more than the wall time. */
  private static void printQuality(String row, String stage, double seconds, int checks) {
    System.out.printf(Locale.ROOT, row, stage, checks + " checks (sum)", String.format(Locale.ROOT, "%.1f", seconds), "",
        "", "");
  }

  private static void ratio(Map<String, Double> ratios, String key, String label, String unit) {
    if (ratios.containsKey(key)) {
      System.out.printf(Locale.ROOT, "  %-42s %6.2f %s%n", label, ratios.get(key), unit);
    }
  }

  private static double gb(Long bytes) {
    return bytes == null || bytes < 0 ? Double.NaN : bytes / (1024.0 * 1024 * 1024);
  }

  private static String plain(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
