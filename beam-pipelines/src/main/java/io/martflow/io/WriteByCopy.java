package io.martflow.io;

import io.martflow.warehouse.ConnectionSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes elements to a PostgreSQL table with COPY, in chunks of at most {@link #CHUNK_CHARS}
 * characters, each chunk in its own transaction.
 *
 * <p>Retries are safe: the target has a unique key over a deterministic identity of each row (the
 * run and the row's natural key, or a reject's locator). When a retried bundle re-sends rows that an
 * earlier attempt committed, the COPY fails on that key and the chunk is replayed through a
 * temporary table with {@code INSERT ... ON CONFLICT DO NOTHING}: rows already there stay, the
 * missing ones are added, none is doubled. The fast path pays nothing for this.
 */
public final class WriteByCopy<T> extends PTransform<PCollection<T>, PDone> {
  static final int CHUNK_CHARS = 8 << 20;
  private static final String UNIQUE_VIOLATION = "23505";

  private final ConnectionSpec target;
  private final String schema;
  private final String table;
  private final CopyFormat<T> format;

  private WriteByCopy(ConnectionSpec target, String schema, String table, CopyFormat<T> format) {
    this.target = target;
    this.schema = schema;
    this.table = table;
    this.format = format;
  }

  public static <T> WriteByCopy<T> to(ConnectionSpec target, String schema, String table, CopyFormat<T> format) {
    SqlIdentifiers.qualified(schema, table);
    format.columns().forEach(SqlIdentifiers::quote);
    return new WriteByCopy<>(target, schema, table, format);
  }

  @Override
  public PDone expand(PCollection<T> input) {
    input.apply("CopyInto_" + schema + "." + table, ParDo.of(new CopyFn<>(target, schema, table, format)));
    return PDone.in(input.getPipeline());
  }

  static final class CopyFn<T> extends DoFn<T, Void> {
    private final ConnectionSpec target;
    private final String qualifiedTable;
    private final String columnList;
    private final CopyFormat<T> format;
    private final Counter written;
    private final Counter replayed;
    private transient Connection connection;
    private transient StringBuilder chunk;

    CopyFn(ConnectionSpec target, String schema, String table, CopyFormat<T> format) {
      this.target = target;
      this.qualifiedTable = SqlIdentifiers.qualified(schema, table);
      this.columnList = format.columns().stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
      this.format = format;
      this.written = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsWritten(schema + "." + table));
      this.replayed = Metrics.counter(LoadMetrics.NAMESPACE, "replayed_rows:" + schema + "." + table);
    }

    @Setup
    public void setup() throws SQLException {
      connection = target.open();
      connection.setAutoCommit(false);
    }

    @StartBundle
    public void startBundle() {
      chunk = new StringBuilder(1 << 16);
      rows = 0;
    }

    private transient long rows;

    @ProcessElement
    public void process(@Element T element) throws Exception {
      format.append(element, chunk);
      rows++;
      if (chunk.length() >= CHUNK_CHARS) {
        flush();
      }
    }

    @FinishBundle
    public void finishBundle() throws Exception {
      flush();
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }

    private void flush() throws SQLException, IOException {
      if (rows == 0) {
        return;
      }
      byte[] data = chunk.toString().getBytes(StandardCharsets.UTF_8);
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      try {
        copy.copyIn("copy " + qualifiedTable + " (" + columnList + ") from stdin", new java.io.ByteArrayInputStream(data));
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw e;
        }
        replay(copy, data);
        replayed.inc(rows);
      }
      written.inc(rows);
      chunk.setLength(0);
      rows = 0;
    }

    /** A retried chunk: insert what is missing, keep what an earlier attempt committed. */
    private void replay(CopyManager copy, byte[] data) throws SQLException, IOException {
      try (Statement s = connection.createStatement()) {
        s.execute("create temporary table retry_chunk (like " + qualifiedTable + " including defaults) on commit drop");
        copy.copyIn("copy retry_chunk (" + columnList + ") from stdin", new java.io.ByteArrayInputStream(data));
        s.execute("insert into " + qualifiedTable + " (" + columnList + ") select " + columnList
            + " from retry_chunk on conflict do nothing");
        connection.commit();
      } catch (SQLException | IOException e) {
        connection.rollback();
        throw e;
      }
    }
  }
}
