package io.martflow.io;

import io.martflow.warehouse.ConnectionSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes elements to a PostgreSQL table with COPY, in chunks of at most {@link #CHUNK_CHARS}
 * characters, each chunk in its own transaction.
 *
 * <p><b>Retries are safe.</b> The target has a unique key over a deterministic identity of each row
 * (the run and the row's natural key, or a reject's locator). When a retried bundle re-sends rows
 * that an earlier attempt committed, the COPY fails on that key (SQLSTATE 23505) and the chunk is
 * replayed through a temporary table with {@code INSERT ... ON CONFLICT DO NOTHING}: rows already
 * there stay, the missing ones are added, none is doubled. This holds whatever the chunk boundaries
 * of the retry (the replay is per row), and when two attempts run at once (the second COPY waits on
 * the first's uncommitted keys, then replays). The fast path pays nothing for it.
 *
 * <p><b>Writer connections.</b> With {@code maxWriters = 0} each DoFn instance (one per runner
 * thread) holds one connection: right for the DirectRunner, whose threads are few, and free of any
 * shuffle. With {@code maxWriters = N > 0} rows are dealt round-robin to N shards, grouped by shard
 * (a GroupByKey over N keys) and each shard is written by one {@code process} call that opens its
 * connection, streams the shard's rows in chunks and closes it: a runner processes a key in one
 * place at a time, so at most N connections per sink exist at any moment however many workers and
 * threads Dataflow runs. The shuffle of the staged rows is the price; Dataflow pays it in its
 * shuffle service, and the DirectRunner never pays it unless asked.
 */
public final class WriteByCopy<T> extends PTransform<PCollection<T>, PDone> {
  static final int CHUNK_CHARS = 8 << 20;
  private static final String UNIQUE_VIOLATION = "23505";

  private final ConnectionSpec target;
  private final String schema;
  private final String table;
  private final CopyFormat<T> format;
  private final int maxWriters;
  private final int chunkChars;
  private final String label;

  private WriteByCopy(ConnectionSpec target, String schema, String table, CopyFormat<T> format, int maxWriters,
      int chunkChars, String label) {
    this.target = target;
    this.schema = schema;
    this.table = table;
    this.format = format;
    this.maxWriters = maxWriters;
    this.chunkChars = chunkChars;
    this.label = label;
  }

  public static <T> WriteByCopy<T> to(ConnectionSpec target, String schema, String table, CopyFormat<T> format) {
    SqlIdentifiers.qualified(schema, table);
    format.columns().forEach(SqlIdentifiers::quote);
    return new WriteByCopy<>(target, schema, table, format, 0, CHUNK_CHARS, schema + "." + table);
  }

  /** At most {@code n} concurrent connections to the target (0: one per runner thread, no shuffle). */
  public WriteByCopy<T> withMaxWriters(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxWriters must be 0 or more, not " + n);
    }
    return new WriteByCopy<>(target, schema, table, format, n, chunkChars, label);
  }

  /** Smaller chunks, so that tests can commit several chunks from a few rows. */
  WriteByCopy<T> withChunkChars(int chars) {
    return new WriteByCopy<>(target, schema, table, format, maxWriters, chars, label);
  }

  /**
   * Counts the rows written under {@code label} instead of the table's name: several sinks into
   * one table (the rejects of two domains loaded in one pipeline) keep separate counts.
   */
  public WriteByCopy<T> countedAs(String label) {
    return new WriteByCopy<>(target, schema, table, format, maxWriters, chunkChars, label);
  }

  public int maxWriters() {
    return maxWriters;
  }

  @Override
  public PDone expand(PCollection<T> input) {
    Chunks<T> chunks = new Chunks<>(target, schema, table, format, chunkChars, label);
    if (maxWriters == 0) {
      input.apply("CopyInto_" + schema + "." + table, ParDo.of(new CopyFn<>(chunks)));
    } else {
      input
          .apply("ShardForWriters", ParDo.of(new AssignShard<T>(maxWriters)))
          .setCoder(KvCoder.of(VarIntCoder.of(), input.getCoder()))
          .apply("GroupByWriterShard", GroupByKey.create())
          .apply("CopyShardsInto_" + schema + "." + table, ParDo.of(new CopyShardFn<>(chunks, maxWriters)));
    }
    return PDone.in(input.getPipeline());
  }

  /** Deals elements round-robin over the shards, from a random shard per bundle. */
  static final class AssignShard<T> extends DoFn<T, KV<Integer, T>> {
    private final int shards;
    private transient int next;

    AssignShard(int shards) {
      this.shards = shards;
    }

    @StartBundle
    public void startBundle() {
      next = ThreadLocalRandom.current().nextInt(shards);
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<KV<Integer, T>> out) {
      out.output(KV.of(next, element));
      next = next + 1 == shards ? 0 : next + 1;
    }
  }

  /** One connection per DoFn instance, opened at its first chunk and kept until teardown. */
  static final class CopyFn<T> extends DoFn<T, Void> {
    private final Chunks<T> chunks;
    private transient Chunks.Writer<T> writer;

    CopyFn(Chunks<T> chunks) {
      this.chunks = chunks;
    }

    @StartBundle
    public void startBundle() {
      if (writer == null) {
        writer = chunks.writer("martflow-writer " + chunks.target());
      }
      writer.reset(); // rows of a failed bundle are not this bundle's
    }

    @ProcessElement
    public void process(@Element T element) throws Exception {
      writer.append(element);
    }

    @FinishBundle
    public void finishBundle() throws Exception {
      writer.flush();
    }

    @Teardown
    public void teardown() throws SQLException {
      if (writer != null) {
        writer.close();
      }
    }
  }

  /** One shard per call: open a connection, stream the shard in chunks, close the connection. */
  static final class CopyShardFn<T> extends DoFn<KV<Integer, Iterable<T>>, Void> {
    private final Chunks<T> chunks;
    private final int shards;

    CopyShardFn(Chunks<T> chunks, int shards) {
      this.chunks = chunks;
      this.shards = shards;
    }

    @ProcessElement
    public void process(@Element KV<Integer, Iterable<T>> shard) throws Exception {
      Chunks.Writer<T> writer = chunks.writer(
          "martflow-writer " + chunks.target() + " " + (shard.getKey() + 1) + "/" + shards);
      try {
        for (T element : shard.getValue()) {
          writer.append(element);
        }
        writer.flush();
      } finally {
        writer.close();
      }
    }
  }

  /** How rows become COPY chunks for one table; serializable, so both DoFns carry it. */
  static final class Chunks<T> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final ConnectionSpec spec;
    private final String qualifiedTable;
    private final String columnList;
    private final CopyFormat<T> format;
    private final int chunkChars;
    private final Counter written;
    private final Counter replayed;
    private final BusyTime busy;

    Chunks(ConnectionSpec spec, String schema, String table, CopyFormat<T> format, int chunkChars, String label) {
      this.spec = spec;
      this.qualifiedTable = SqlIdentifiers.qualified(schema, table);
      this.columnList = format.columns().stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", "));
      this.format = format;
      this.chunkChars = chunkChars;
      this.written = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsWritten(label));
      this.replayed = Metrics.counter(LoadMetrics.NAMESPACE, LoadMetrics.rowsReplayed(label));
      this.busy = new BusyTime("write:" + schema + "." + table);
    }

    String target() {
      return qualifiedTable.replace("\"", "");
    }

    Writer<T> writer(String applicationName) {
      return new Writer<>(this, applicationName);
    }

    /** Buffers rows and commits them chunk by chunk on a connection it opens at its first chunk. */
    static final class Writer<T> {
      private final Chunks<T> chunks;
      private final String applicationName;
      private StringBuilder chunk;
      private long rows;
      private Connection connection;

      Writer(Chunks<T> chunks, String applicationName) {
        this.chunks = chunks;
        this.applicationName = applicationName;
      }

      void append(T element) throws SQLException, IOException {
        if (chunk == null) {
          // Sized for a whole chunk at once: growing by doubling copied it over and over.
          chunk = new StringBuilder(chunks.chunkChars + (chunks.chunkChars >> 3));
        }
        long started = BusyTime.now();
        chunks.format.append(element, chunk);
        chunks.busy.add(started);
        rows++;
        if (chunk.length() >= chunks.chunkChars) {
          flush();
        }
      }

      void flush() throws SQLException, IOException {
        if (rows == 0) {
          chunks.busy.flush();
          return;
        }
        long started = BusyTime.now();
        if (connection == null) {
          connection = chunks.spec.open(applicationName);
          connection.setAutoCommit(false);
        }
        byte[] data = chunk.toString().getBytes(StandardCharsets.UTF_8);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        try {
          copy.copyIn("copy " + chunks.qualifiedTable + " (" + chunks.columnList + ") from stdin",
              new ByteArrayInputStream(data));
          connection.commit();
        } catch (SQLException e) {
          io.martflow.warehouse.SqlRunner.rollbackQuietly(connection, e);
          if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
            throw e;
          }
          replay(copy, data);
          chunks.replayed.inc(rows);
        }
        chunks.written.inc(rows);
        chunk.setLength(0);
        rows = 0;
        chunks.busy.add(started);
        chunks.busy.flush();
        io.martflow.control.FaultPoints.hit("stage-commit:" + chunks.target());
      }

      /** A retried chunk: insert what is missing, keep what an earlier attempt committed. */
      private void replay(CopyManager copy, byte[] data) throws SQLException, IOException {
        try (Statement s = connection.createStatement()) {
          s.execute("create temporary table retry_chunk (like " + chunks.qualifiedTable
              + " including defaults) on commit drop");
          copy.copyIn("copy retry_chunk (" + chunks.columnList + ") from stdin", new ByteArrayInputStream(data));
          s.execute("insert into " + chunks.qualifiedTable + " (" + chunks.columnList + ") select " + chunks.columnList
              + " from retry_chunk on conflict do nothing");
          connection.commit();
        } catch (SQLException | IOException e) {
          io.martflow.warehouse.SqlRunner.rollbackQuietly(connection, e);
          throw e;
        }
      }

      void reset() {
        if (chunk != null) {
          chunk.setLength(0);
        }
        rows = 0;
      }

      void close() throws SQLException {
        if (connection != null) {
          try {
            connection.close();
          } finally {
            connection = null;
          }
        }
      }
    }
  }
}
