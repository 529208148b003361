package io.martflow.pipelines;

import java.io.Serializable;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.beam.sdk.Pipeline;

/**
 * A domain pipeline as the runner sees it: its options type, its graph builder, and the sources
 * whose rows are its input (rows read from them = rows staged + rows rejected).
 */
public record LoadDefinition<O extends LoadOptions>(
    String domain,
    Class<O> optionsClass,
    BiFunction<Pipeline, O, Pipeline> build) implements Serializable {

  /** Counter-name prefix of this domain's input rows (per source after the prefix). */
  public String rowsReadPrefix() {
    return "rows_read:" + domain + ":";
  }

  public List<String> stageTable() {
    return List.of("stage", "tmp_" + domain);
  }
}
