package io.martflow.io;

import java.io.Serializable;

/**
 * How extraction is split and streamed. {@code rowsPerRange} bounds the rows one worker holds for
 * a range (the DirectRunner keeps a bundle's output in memory); {@code minRanges} keeps every
 * core or worker busy on small windows; {@code fetchSize} is the cursor's batch size; {@code wave}
 * is the share of the ranges this run of the pipeline reads.
 */
public record ReadTuning(int fetchSize, long rowsPerRange, int minRanges, RangeWave wave) implements Serializable {
  public static final ReadTuning DEFAULT = new ReadTuning(10_000, 100_000, 4, RangeWave.ALL);
}
