package io.martflow.control;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Run ids: readable, sortable by start time, unique; Airflow passes its own run id instead. */
public final class RunIds {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.:+\\-]{1,200}");

  private RunIds() {}

  public static String newRunId(String prefix) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return prefix + "-" + STAMP.format(Instant.now()) + "-" + HexFormat.of().formatHex(suffix);
  }

  /** Run ids appear in file names and logs: keep them to a safe alphabet. */
  public static String validate(String runId) {
    if (runId == null || !VALID.matcher(runId).matches()) {
      throw new IllegalArgumentException("run id must be 1-200 characters of letters, digits and _.:+- , not '"
          + runId + "'");
    }
    return runId;
  }
}
