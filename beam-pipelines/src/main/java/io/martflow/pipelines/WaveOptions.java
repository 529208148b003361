package io.martflow.pipelines;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How LoadRunner runs a DirectRunner load in waves of key ranges ({@link io.martflow.io.RangeWave}).
 * Dataflow streams with backpressure and reads every range in one job, so these are not
 * LoadOptions and not Flex Template parameters.
 */
public interface WaveOptions extends PipelineOptions {
  /** 8 ranges of 100,000 rows: both cores stay busy and a wave holds well under 1 GB. */
  int DEFAULT_RANGES_PER_WAVE = 8;

  @Description("DirectRunner only: key ranges read per run of the pipeline. The DirectRunner has no backpressure and"
      + " would hold every range read ahead of the writes; a load runs in waves of this many ranges instead, so"
      + " memory is bounded by rangesPerWave x rowsPerRange, not by the table. 0 = every range in one run.")
  @Default.Integer(DEFAULT_RANGES_PER_WAVE)
  int getRangesPerWave();

  void setRangesPerWave(int value);

  @Hidden
  @Description("Set by LoadRunner: the plan every wave of this load attempt reads.")
  String getRangePlanId();

  void setRangePlanId(String value);

  @Hidden
  @Description("Set by LoadRunner: which wave this run of the pipeline is (0 first).")
  @Default.Integer(0)
  int getRangeWave();

  void setRangeWave(int value);
}
