package io.martflow.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Quiet by default: warnings only; Beam's, zonky's and Flyway's INFO chatter only with --verbose. */
public final class Logging {
  /** JUL holds loggers weakly: keep the ones whose level is set, or the setting is lost. */
  private static final List<Logger> CONFIGURED = new ArrayList<>();

  private Logging() {}

  public static synchronized void configure(boolean verbose) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    ConsoleHandler handler = new ConsoleHandler();
    handler.setLevel(Level.ALL);
    handler.setFormatter(new SimpleFormatter() {
      @Override
      public String format(LogRecord r) {
        String thrown = r.getThrown() == null || !verbose ? "" : " " + r.getThrown();
        return String.format("[%s] %s: %s%s%n", r.getLevel(), shortName(r.getLoggerName()), formatMessage(r), thrown);
      }
    });
    root.addHandler(handler);
    root.setLevel(verbose ? Level.INFO : Level.WARNING);
    CONFIGURED.clear();
    if (!verbose) {
      for (String name : new String[] {"io.zonky", "org.flywaydb"}) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        CONFIGURED.add(logger);
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
