package io.martflow.cli;

import io.martflow.warehouse.DatabaseUnavailableException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/** The martflow command line. Each subcommand is a thin shell over the library code it names. */
@Command(
    name = "martflow",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "E-commerce data mart: Beam pipelines into PostgreSQL, SQL models, quality checks.",
    subcommands = {
      DemoCommand.class,
      DbCommand.class,
      GenerateCommand.class,
      SimulateCommand.class,
      CommandLine.HelpCommand.class,
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failed, 2 usage or configuration, 3 database unavailable,",
      "4 locked by another run, 5 quality errors, 99 nothing new (control-check).",
      "Connections come from MARTFLOW_DB_* environment variables; without them an embedded",
      "PostgreSQL under $MARTFLOW_HOME (default ./.martflow) is used. See README.md."
    })
public final class MartflowCli implements Runnable {

  /** JUL keeps loggers weakly: hold the ones whose level we set. */
  private static final java.util.List<Logger> QUIETED = new java.util.ArrayList<>();

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Log details and print stack traces of errors.")
  static boolean verbose;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    configureLogging(java.util.Arrays.asList(args).contains("--verbose"));
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new MartflowCli());
    cli.setExecutionExceptionHandler(MartflowCli::handleError);
    cli.setParameterExceptionHandler(MartflowCli::handleBadArguments);
    return cli;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  private static int handleBadArguments(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    String command = e.getCommandLine().getCommandSpec().qualifiedName();
    err.println(command + ": " + e.getMessage() + " (see '" + command + " --help')");
    return ExitCodes.USAGE;
  }

  private static int handleError(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    int code = exitCodeOf(e);
    err.println("martflow: " + messageOf(e));
    if (verbose) {
      e.printStackTrace(err);
    } else if (code == ExitCodes.FAILED) {
      err.println("(run with --verbose for details)");
    }
    err.flush();
    return code;
  }

  static int exitCodeOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CliException c) {
        return c.exitCode();
      }
      if (t instanceof DatabaseUnavailableException) {
        return ExitCodes.DATABASE_UNAVAILABLE;
      }
      if (t instanceof IllegalArgumentException) {
        return ExitCodes.USAGE;
      }
    }
    return ExitCodes.FAILED;
  }

  static String messageOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CliException || t instanceof DatabaseUnavailableException) {
        return oneLine(t.getMessage());
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (root instanceof SQLException sql && sql.getSQLState() != null) {
      message = message + " [SQLSTATE " + sql.getSQLState() + "]";
    }
    return oneLine(message);
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    String line = s.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }

  /** Quiet by default: warnings only, and Beam's and Flyway's INFO chatter only with --verbose. */
  static void configureLogging(boolean verboseLogging) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
    handler.setLevel(Level.ALL);
    handler.setFormatter(new java.util.logging.SimpleFormatter() {
      @Override
      public String format(java.util.logging.LogRecord r) {
        String text = formatMessage(r);
        String thrown = r.getThrown() == null || !verboseLogging ? "" : " " + r.getThrown();
        return String.format("[%s] %s: %s%s%n", r.getLevel(), shortName(r.getLoggerName()), text, thrown);
      }
    });
    root.addHandler(handler);
    root.setLevel(verboseLogging ? Level.INFO : Level.WARNING);
    if (!verboseLogging) {
      // zonky logs a harmless warning per start about its own data directory handling.
      for (String name : new String[] {"io.zonky", "org.flywaydb"}) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        QUIETED.add(logger);
      }
    }
  }

  private static String shortName(String logger) {
    if (logger == null) {
      return "";
    }
    int dot = logger.lastIndexOf('.');
    return dot < 0 ? logger : logger.substring(dot + 1);
  }
}
