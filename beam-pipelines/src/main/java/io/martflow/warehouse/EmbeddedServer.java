package io.martflow.warehouse;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The embedded PostgreSQL 17 server used when no connection is configured. Its data directory
 * persists under {@code $MARTFLOW_HOME/pgdata} so that one command sees the previous one's
 * warehouse. A command either attaches to a running server (started by {@code martflow db start}
 * or by a concurrent command) or starts one for its own lifetime.
 */
public final class EmbeddedServer {
  public static final String DATABASE = "martflow";
  public static final String SUPERUSER = "postgres";
  public static final int DEFAULT_PORT = 54329;

  /**
   * Settings for a single-machine analytics server. fsync is off (-F): an operating system crash or a
   * power cut may lose data. A PostgreSQL crash must not: synchronous_commit is on (the embedded
   * library turns it off by default, and then a server crash loses the last commits, while martflow
   * goes on believing they happened: a load's staged rows or its run log, a watermark).
   */
  private static final Map<String, String> SERVER_SETTINGS = Map.of(
      "synchronous_commit", "on",
      "listen_addresses", "localhost",
      "shared_buffers", "512MB",
      "work_mem", "64MB",
      "maintenance_work_mem", "512MB",
      "max_wal_size", "4GB",
      "checkpoint_timeout", "30min",
      "jit", "off",
      "max_connections", "200",
      "timezone", "UTC");

  private final Path home;
  private final int preferredPort;

  public EmbeddedServer(Path home, int preferredPort) {
    this.home = home.toAbsolutePath().normalize();
    this.preferredPort = preferredPort;
  }

  public Path home() {
    return home;
  }

  public Path dataDirectory() {
    return home.resolve("pgdata");
  }

  public Path logFile() {
    return home.resolve("postgres.log");
  }

  /** A running server: its postmaster PID and port. */
  public record Running(long pid, int port) {
    public ConnectionSpec connection() {
      return spec(port);
    }
  }

  /** The server this data directory runs, if any. */
  public Optional<Running> status() {
    Path pidFile = dataDirectory().resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    try {
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && isPostgres(pid);
      return alive && accepts(port) ? Optional.of(new Running(pid, port)) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Attaches to the running server or starts one. {@code detach} leaves a started server running
   * after this JVM exits ({@code db start}); otherwise closing the handle stops what it started.
   */
  public Handle startOrAttach(boolean detach) throws IOException {
    Files.createDirectories(home);
    try (FileChannel channel = FileChannel.open(home.resolve("server.lock"),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      Optional<Running> running = status();
      if (running.isPresent()) {
        return new Handle(running.get().port(), false, null);
      }
      int port = choosePort();
      EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory())
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPort(port)
          .setPGStartupWait(Duration.ofSeconds(60))
          // The postmaster outlives this JVM after 'db start': its output must go to a file, not a pipe.
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
      SERVER_SETTINGS.forEach(builder::setServerConfig);
      EmbeddedPostgres postgres = builder.start();
      ensureDatabase(port);
      return new Handle(port, true, detach ? null : postgres);
    }
  }

  /** Stops the running server; returns false when none was running. */
  public boolean stop() throws IOException {
    Optional<Running> running = status();
    if (running.isEmpty()) {
      return false;
    }
    long pid = running.get().pid();
    ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
    if (postmaster == null) {
      return false;
    }
    try {
      // SIGINT is PostgreSQL's 'fast' shutdown: it does not wait for idle clients (Airflow, psql).
      // pg_ctl would refuse to run as root here, while the server itself runs in a user namespace.
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).redirectErrorStream(true).start();
      kill.waitFor(10, TimeUnit.SECONDS);
      postmaster.onExit().get(90, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping PostgreSQL", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("PostgreSQL did not stop within 90 s; see " + logFile(), e);
    }
    return true;
  }

  /** A server this command uses; closing stops it only if this command started it. */
  public static final class Handle implements AutoCloseable {
    private final int port;
    private final boolean started;
    private final EmbeddedPostgres owned;

    private Handle(int port, boolean started, EmbeddedPostgres owned) {
      this.port = port;
      this.started = started;
      this.owned = owned;
    }

    public int port() {
      return port;
    }

    public boolean startedHere() {
      return started;
    }

    public ConnectionSpec connection() {
      return spec(port);
    }

    @Override
    public void close() throws IOException {
      if (owned != null) {
        owned.close();
      }
    }
  }

  static ConnectionSpec spec(int port) {
    return new ConnectionSpec("jdbc:postgresql://localhost:" + port + "/" + DATABASE, SUPERUSER, SecretRef.NONE);
  }

  private int choosePort() throws IOException {
    if (isFree(preferredPort)) {
      return preferredPort;
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isPostgres(long pid) {
    return executableOf(pid).map(p -> p.getFileName().toString().startsWith("postgres")).orElse(true);
  }

  private static Optional<Path> executableOf(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  private static void ensureDatabase(int port) throws IOException {
    ConnectionSpec admin = new ConnectionSpec(
        "jdbc:postgresql://localhost:" + port + "/postgres", SUPERUSER, SecretRef.NONE);
    try (Connection c = admin.open();
        PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      exists.setString(1, DATABASE);
      try (ResultSet rs = exists.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
      try (Statement create = c.createStatement()) {
        create.execute("create database " + DATABASE);
      }
    } catch (SQLException e) {
      throw new IOException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
    }
  }
}
