package io.martflow.cli;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines for long steps: step, rows, rows/s, elapsed. Written to stderr. */
public final class Progress {
  private static PrintStream out = System.err;
  private final String step;
  private final long startNanos = System.nanoTime();

  private Progress(String step) {
    this.step = step;
  }

  public static Progress start(String step) {
    return new Progress(step);
  }

  /** Redirects progress output (tests). */
  static void output(PrintStream stream) {
    out = stream;
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  public void update(long rows) {
    out.println(line(rows, "…"));
  }

  /** Prints the final line and returns the elapsed seconds. */
  public double done(long rows) {
    out.println(line(rows, "done"));
    return elapsedSeconds();
  }

  public void done() {
    out.printf(Locale.ROOT, "%-28s done in %.1f s%n", step, elapsedSeconds());
  }

  private String line(long rows, String state) {
    double s = elapsedSeconds();
    long rate = s > 0 ? Math.round(rows / s) : rows;
    return String.format(Locale.ROOT, "%-28s %,12d rows  %,10d rows/s  %7.1f s  %s", step, rows, rate, s, state);
  }
}
