package io.martflow.io;

import io.martflow.model.Reject;

/** What reading a range yields: a row to process, or a reject (unparseable row, superseded duplicate). */
public sealed interface RangeItem<T> {
  record Row<T>(T row, String key) implements RangeItem<T> {}

  record Rejected<T>(Reject reject) implements RangeItem<T> {}
}
