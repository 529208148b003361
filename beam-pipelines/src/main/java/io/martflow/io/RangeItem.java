package io.martflow.io;

import io.martflow.model.Reject;
import java.util.Iterator;
import java.util.function.Consumer;

/** What reading a range yields: a row to process, or a reject (unparseable row, superseded duplicate). */
public sealed interface RangeItem<T> {
  record Row<T>(T row, String key) implements RangeItem<T> {}

  record Rejected<T>(Reject reject) implements RangeItem<T> {}

  /** Sends every item on, in order: rows to {@code rows}, rejects to {@code rejects}. */
  static <T> void drain(Iterator<RangeItem<T>> items, Consumer<T> rows, Consumer<Reject> rejects) {
    while (items.hasNext()) {
      RangeItem<T> item = items.next();
      if (item instanceof Row<T> row) {
        rows.accept(row.row());
      } else {
        rejects.accept(((Rejected<T>) item).reject());
      }
    }
  }
}
