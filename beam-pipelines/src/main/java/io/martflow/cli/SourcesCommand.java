package io.martflow.cli;

import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.MappingException;
import io.martflow.io.sources.SourceConfig;
import io.martflow.io.sources.SourceSpec;
import io.martflow.io.sources.SourceValidator;
import io.martflow.io.sources.Sources;
import io.martflow.warehouse.Connections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Source mapping files: check them against the live sources, list what they configure. */
@Command(
    name = "sources",
    mixinStandardHelpOptions = true,
    description = "Source mapping files (docs/sources.md): which JDBC, CSV and HTTP sources feed the domains.",
    subcommands = {SourcesCommand.Validate.class, SourcesCommand.ListSources.class})
final class SourcesCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  /** Reads a mapping; its problems are printed one per line with their line numbers. */
  static SourceConfig read(String file) {
    try {
      return Sources.resolve(file, null, null, Connections.currentEnvironment());
    } catch (MappingException e) {
      e.problems().forEach(p -> System.err.println(p.replaceFirst(": ", ": error: ")));
      throw CliException.usage(e.problems().size() + " problem(s) in " + (file == null ? "the bundled mapping" : file));
    }
  }

  @Command(name = "validate", mixinStandardHelpOptions = true,
      description = {
        "Check a mapping file against its live sources: the file's syntax and rules, then for every source that",
        "the table, files or endpoint exist, every mapped column exists, key and change columns have usable types",
        "and a sample of rows converts. Problems are printed as FILE:LINE: error|warning: message.",
        "Exit 0 when every source can be loaded (warnings name rows that would be rejected), 2 otherwise."
      })
  static final class Validate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The mapping file.")
    String file;

    @Option(names = "--sample", defaultValue = "100", description = "Rows to try per source (default ${DEFAULT-VALUE}).")
    int sample;

    @Override
    public Integer call() throws Exception {
      SourceConfig config = read(file);
      try (Connections connections = Connections.fromEnvironment()) {
        SourceValidator validator = new SourceValidator(Connections.currentEnvironment(),
            needsDefaultConnection(config) ? connections.source() : null, Math.max(1, sample), HttpPages.SLEEP);
        List<SourceValidator.Finding> findings = validator.validate(config);
        long errors = findings.stream().filter(f -> f.level() == SourceValidator.Level.ERROR).count();
        for (SourceValidator.Finding f : findings) {
          (f.level() == SourceValidator.Level.OK ? System.out : System.err).println(f);
        }
        System.out.printf(Locale.ROOT, "%s: %d source(s), %d error(s), %d warning(s)%n", file,
            config.sources().size(), errors,
            findings.stream().filter(f -> f.level() == SourceValidator.Level.WARNING).count());
        return errors == 0 ? ExitCodes.OK : ExitCodes.USAGE;
      }
    }

    private static boolean needsDefaultConnection(SourceConfig config) {
      return config.sources().stream().anyMatch(s -> s.jdbc() != null && s.jdbc().connection() == null);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Print the sources of a mapping file (default: the bundled demo shop mapping), per domain.")
  static final class ListSources implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The mapping file.")
    String file;

    @Override
    public Integer call() {
      SourceConfig config = read(file);
      System.out.printf(Locale.ROOT, "%-24s %-12s %-16s %-5s %-14s %s%n", "SOURCE", "DOMAIN", "SOURCE_SYSTEM", "KIND",
          "CHANGE", "LOCATION");
      for (SourceSpec s : config.sources()) {
        System.out.printf(Locale.ROOT, "%-24s %-12s %-16s %-5s %-14s %s%n", s.name(), s.domain(), s.sourceSystem(),
            s.kind().label(), s.changeColumn() == null ? "(snapshot)" : s.changeColumn(), s.location());
      }
      return ExitCodes.OK;
    }
  }
}
