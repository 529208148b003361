package io.martflow.cli;

/** Exit codes of every martflow command (documented in README.md). */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  /** The command ran and failed: a pipeline, a model or a step raised an error. */
  public static final int FAILED = 1;
  /** Bad flags or configuration: nothing was done. */
  public static final int USAGE = 2;
  /** The database could not be reached or refused the credentials. */
  public static final int DATABASE_UNAVAILABLE = 3;
  /** Another run holds the lock of a domain (or of the mart build). */
  public static final int LOCKED = 4;
  /** Quality checks of severity error found violations. */
  public static final int QUALITY_FAILED = 5;
  /** control-check: no source has new data in the window (Airflow's skip code). */
  public static final int NOTHING_NEW = 99;
}
