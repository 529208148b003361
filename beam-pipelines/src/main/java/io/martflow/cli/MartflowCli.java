package io.martflow.cli;

import java.io.PrintWriter;
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
      ControlCheckCommand.class,
      LoadCommand.class,
      PublishCommand.class,
      BuildCommand.class,
      RunCommand.class,
      BackfillCommand.class,
      ControlUpdateCommand.class,
      StatusCommand.class,
      BenchCommand.class,
      SourcesCommand.class,
      QualityCommand.class,
      ReportCommand.class,
      ExportCommand.class,
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

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Log details and print stack traces of errors.")
  static boolean verbose;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    Logging.configure(java.util.Arrays.asList(args).contains("--verbose"));
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
    int code = Errors.exitCode(e);
    String hint = code == ExitCodes.FAILED && !verbose ? " (run with --verbose for details)" : "";
    err.println("martflow: " + Errors.describe(e) + hint);
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }
}
