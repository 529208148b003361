package io.martflow.io;

import java.io.Serializable;
import java.util.List;

/** Renders elements as rows of PostgreSQL's COPY text format. */
public interface CopyFormat<T> extends Serializable {
  /** Target columns, in the order {@link #append} writes them. */
  List<String> columns();

  /** Appends one row, ending with a newline. */
  void append(T element, StringBuilder out);
}
