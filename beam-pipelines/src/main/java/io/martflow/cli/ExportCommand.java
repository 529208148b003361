package io.martflow.cli;

import io.martflow.export.TableExporter;
import io.martflow.warehouse.Connections;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** One core or mart table to a CSV, JSON Lines or Parquet file (docs/report.md, "Exports"). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a table of schema core or mart to DIR/<schema>.<table>.<csv|jsonl|parquet>: CSV with a",
      "header (RFC 4180), JSON Lines, or Parquet with typed columns (numeric as DECIMAL, dates,",
      "timestamps). Rows stream through a cursor. Prints the row count, then the file's path."
    })
final class ExportCommand implements Callable<Integer> {
  @Option(names = "--table", required = true, paramLabel = "SCHEMA.TABLE",
      description = "core.<name> or mart.<name>, e.g. mart.daily_sales.")
  String table;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "csv, json or parquet.")
  String format;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the file to.")
  Path out;

  @Override
  public Integer call() throws Exception {
    TableExporter.Format f = TableExporter.Format.parse(format);
    try (Connections connections = Connections.fromEnvironment()) {
      TableExporter.Result r = TableExporter.export(connections.warehouse(), table, f, out);
      System.out.printf(Locale.ROOT, "exported %s: %,d row(s) as %s in %.1f s%n", r.table(), r.rows(),
          f.name().toLowerCase(Locale.ROOT), r.seconds());
      System.out.println(r.file());
      return ExitCodes.OK;
    }
  }
}
