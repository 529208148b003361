package io.martflow.cli;

import io.martflow.warehouse.ConnectionSpec;
import io.martflow.warehouse.Connections;
import io.martflow.warehouse.EmbeddedServer;
import io.martflow.warehouse.Migrations;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Manage the embedded server and apply migrations. */
@Command(
    name = "db",
    mixinStandardHelpOptions = true,
    description = "Start, stop and inspect the embedded PostgreSQL; apply migrations.",
    subcommands = {DbCommand.Start.class, DbCommand.Stop.class, DbCommand.Status.class,
        DbCommand.Migrate.class, DbCommand.Url.class})
final class DbCommand implements Runnable {
  @Override
  public void run() {
    picocli.CommandLine.usage(this, System.out);
  }

  private static void requireEmbedded(Connections connections, String what) {
    if (!connections.usesEmbedded()) {
      throw CliException.usage("MARTFLOW_DB_URL is set: '" + what + "' manages only the embedded server");
    }
  }

  private static void printUrls(ConnectionSpec spec) {
    System.out.println("JDBC URL:  " + spec.jdbcUrl() + "   (user " + spec.user() + ")");
    System.out.println("libpq URI: " + spec.libpqUri());
  }

  @Command(name = "start", mixinStandardHelpOptions = true,
      description = {"Start the embedded server in the background (kept running), migrate, print its URLs.",
          "A warehouse without a demo source gets one (scale 1, 90 days) so psql has data to show;",
          "--empty skips that."})
  static final class Start implements Callable<Integer> {
    @Option(names = "--empty", description = "Do not generate the demo source when there is none.")
    boolean empty;

    @Override
    public Integer call() throws Exception {
      try (Connections connections = Connections.fromEnvironment()) {
        requireEmbedded(connections, "db start");
        EmbeddedServer server = connections.embeddedServer();
        try (EmbeddedServer.Handle handle = server.startOrAttach(true)) {
          ConnectionSpec spec = handle.connection();
          Migrations.migrate(spec);
          if (!empty && !DemoSource.exists(spec)) {
            System.out.println("No demo source yet: generating schema shop (scale 1, 90 days; --empty skips this) ...");
            DemoSource.generate(spec, new io.martflow.demo.ShopGenerator.Options(1, 90, 42,
                io.martflow.demo.ShopGenerator.Options.defaultStartDate(90, java.time.Clock.systemUTC())));
          }
          System.out.println((handle.startedHere() ? "Started" : "Already running:") + " PostgreSQL on port "
              + handle.port() + " (data " + server.dataDirectory() + ", log " + server.logFile() + ")");
          printUrls(spec);
        }
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the embedded server.")
  static final class Stop implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (Connections connections = Connections.fromEnvironment()) {
        requireEmbedded(connections, "db stop");
        boolean stopped = connections.embeddedServer().stop();
        System.out.println(stopped ? "Stopped the embedded PostgreSQL." : "The embedded PostgreSQL was not running.");
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Whether the embedded server runs (exit 3 when it does not), its URLs and schema version.")
  static final class Status implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (Connections connections = Connections.fromEnvironment()) {
        if (!connections.usesEmbedded()) {
          ConnectionSpec spec = connections.warehouse();
          System.out.println("Configured warehouse " + spec.describe() + ", schema version "
              + Migrations.currentVersion(spec));
          return ExitCodes.OK;
        }
        EmbeddedServer server = connections.embeddedServer();
        Optional<EmbeddedServer.Running> running = server.status();
        if (running.isEmpty()) {
          System.out.println("The embedded PostgreSQL is not running (data " + server.dataDirectory() + ").");
          return ExitCodes.DATABASE_UNAVAILABLE;
        }
        ConnectionSpec spec = running.get().connection();
        System.out.println("Running: PostgreSQL pid " + running.get().pid() + " on port " + running.get().port()
            + ", schema version " + Migrations.currentVersion(spec));
        printUrls(spec);
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Apply pending migrations from sql/migrations to the warehouse.")
  static final class Migrate implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      try (Connections connections = Connections.fromEnvironment()) {
        ConnectionSpec spec = connections.warehouse();
        var result = Migrations.migrate(spec);
        System.out.println("Applied " + result.migrationsExecuted + " migration(s); schema version "
            + Migrations.currentVersion(spec) + " at " + spec.describe());
        return ExitCodes.OK;
      }
    }
  }

  @Command(name = "url", mixinStandardHelpOptions = true,
      description = "Print the warehouse URL (starting the embedded server in the background if needed).")
  static final class Url implements Callable<Integer> {
    @Option(names = "--libpq", description = "Print a libpq URI (psql, Airflow) instead of a JDBC URL.")
    boolean libpq;

    @Override
    public Integer call() throws Exception {
      try (Connections connections = Connections.fromEnvironment()) {
        ConnectionSpec spec;
        if (connections.usesEmbedded()) {
          try (EmbeddedServer.Handle handle = connections.embeddedServer().startOrAttach(true)) {
            spec = handle.connection();
          }
        } else {
          spec = connections.warehouse();
        }
        System.out.println(libpq ? spec.libpqUri() : spec.jdbcUrl());
        return ExitCodes.OK;
      }
    }
  }
}
