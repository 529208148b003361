package io.martflow.demo;

import java.sql.SQLException;

/** Where a {@link TableWriter} sends its chunks of COPY text (a {@link CopySink} in production). */
interface ChunkSink {
  void submit(String copySql, CharSequence text) throws SQLException;
}
