package io.martflow.cli;

import io.martflow.control.DomainLock;
import io.martflow.warehouse.DatabaseUnavailableException;
import java.sql.SQLException;

/** Turns exceptions into one line for a user and a documented exit code. */
public final class Errors {
  private Errors() {}

  public static int exitCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CliException c) {
        return c.exitCode();
      }
      if (t instanceof DatabaseUnavailableException
          || t instanceof io.martflow.warehouse.Retry.ConnectionLostException) {
        return ExitCodes.DATABASE_UNAVAILABLE;
      }
      if (t instanceof DomainLock.LockedException) {
        return ExitCodes.LOCKED;
      }
      if (t instanceof io.martflow.control.Flow.QualityFailedException) {
        return ExitCodes.QUALITY_FAILED;
      }
    }
    return e instanceof IllegalArgumentException ? ExitCodes.USAGE : ExitCodes.FAILED;
  }

  /** The most useful single line: our own messages as written, else the root cause. */
  public static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CliException || t instanceof DatabaseUnavailableException
          || t instanceof io.martflow.warehouse.Retry.ConnectionLostException
          || t instanceof DomainLock.LockedException || t instanceof IllegalArgumentException
          || t instanceof io.martflow.control.Flow.QualityFailedException) {
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

  /** The first line of a message, stripped; "unknown error" when there is none. */
  public static String oneLine(String s) {
    if (s == null) {
      return "unknown error";
    }
    String line = s.strip();
    int nl = line.indexOf('\n');
    return nl < 0 ? line : line.substring(0, nl).strip();
  }
}
