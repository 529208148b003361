package io.martflow.warehouse;

import io.martflow.cli.Errors;
import io.martflow.control.FaultPoints;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/**
 * Retries a whole step when the database connection is lost or cannot be opened: a PostgreSQL
 * restart or failover, a network cut, a source database that is down. Only steps that are safe to
 * run again are wrapped, and each is: a load stages under its run id and clears its earlier
 * attempt first; a publish, a model, a quality check and a control write are single transactions
 * that converge when repeated (a retry after a lost commit acknowledgement finds nothing left to
 * change).
 *
 * <p>Connection losses are SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server
 * shut down or is starting). Anything else (a constraint, a syntax error, bad credentials) fails at
 * once. Between attempts it waits {@code MARTFLOW_RETRY_BACKOFF_MS} (default 2000), doubling up to
 * 30 s; {@code MARTFLOW_RETRY_ATTEMPTS} (default 3) attempts in all. Each retry prints one line on
 * stderr; when every attempt failed the step fails with {@link ConnectionLostException} (exit
 * code 3), whose message names the step and the last error.
 */
public final class Retry {
  public static final int DEFAULT_ATTEMPTS = 3;
  public static final long DEFAULT_BACKOFF_MS = 2000;
  static final long MAX_BACKOFF_MS = 30_000;

  private Retry() {}

  /** How often and how patiently to retry. */
  public record Policy(int attempts, long backoffMs) {
    public Policy {
      if (attempts < 1) {
        throw new IllegalArgumentException("MARTFLOW_RETRY_ATTEMPTS must be at least 1, not " + attempts);
      }
      if (backoffMs < 0) {
        throw new IllegalArgumentException("MARTFLOW_RETRY_BACKOFF_MS must not be negative, not " + backoffMs);
      }
    }

    /** From MARTFLOW_RETRY_ATTEMPTS and MARTFLOW_RETRY_BACKOFF_MS, else the defaults. */
    public static Policy from(Map<String, String> env) {
      return new Policy(number(env, "MARTFLOW_RETRY_ATTEMPTS", DEFAULT_ATTEMPTS),
          number(env, "MARTFLOW_RETRY_BACKOFF_MS", DEFAULT_BACKOFF_MS));
    }

    private static int number(Map<String, String> env, String name, long fallback) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        return (int) fallback;
      }
      try {
        return Integer.parseInt(v.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, not '" + v + "'");
      }
    }
  }

  /** A step whose connection was lost on every attempt. */
  public static final class ConnectionLostException extends SQLException {
    private static final long serialVersionUID = 1L;

    ConnectionLostException(String message, SQLException last) {
      super(message, last.getSQLState(), last);
    }
  }

  /** The body of a step. */
  @FunctionalInterface
  public interface Step<T> {
    T run() throws Exception;
  }

  /** Runs {@code step} with the policy of the current environment. */
  public static <T> T onConnectionLoss(String what, Step<T> step) throws Exception {
    return onConnectionLoss(what, Policy.from(Connections.currentEnvironment()), step);
  }

  public static <T> T onConnectionLoss(String what, Policy policy, Step<T> step) throws Exception {
    long backoff = policy.backoffMs();
    for (int attempt = 1; ; attempt++) {
      try {
        return step.run();
      } catch (Exception e) {
        SQLException lost = connectionLoss(e);
        if (lost == null) {
          throw e;
        }
        if (attempt >= policy.attempts()) {
          ConnectionLostException failed = new ConnectionLostException("lost the database connection during " + what
              + " and it did not come back after " + policy.attempts() + " attempt(s): "
              + Errors.oneLine(lost.getMessage()) + " [SQLSTATE " + lost.getSQLState() + "]; what the step had not"
              + " committed was rolled back: run it"
              + " again once the database is reachable", lost);
          if (e != lost) {
            failed.addSuppressed(e);
          }
          throw failed;
        }
        System.err.printf(Locale.ROOT, "martflow: lost the database connection during %s (%s [SQLSTATE %s]);"
            + " retrying in %.1f s (attempt %d of %d)%n", what, Errors.oneLine(lost.getMessage()), lost.getSQLState(),
            backoff / 1000.0, attempt + 1, policy.attempts());
        FaultPoints.hit("retry:" + what);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
        backoff = Math.min(MAX_BACKOFF_MS, Math.max(1, backoff * 2));
      }
    }
  }

  /** The SQLException in the cause chain that says the connection was lost, or null. */
  public static SQLException connectionLoss(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && isConnectionLoss(s.getSQLState())) {
        return s;
      }
    }
    return null;
  }

  static boolean isConnectionLoss(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || sqlState.equals("57P01") || sqlState.equals("57P02")
        || sqlState.equals("57P03"));
  }
}
