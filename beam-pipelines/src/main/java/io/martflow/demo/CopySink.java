package io.martflow.demo;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Sends COPY chunks to one connection on a background thread, in submission order, so that the
 * generator keeps generating while PostgreSQL parses and stores the previous chunk. At most
 * {@value #IN_FLIGHT} chunks wait at a time (bounded memory). The connection's transaction is the
 * caller's: the sink neither commits nor closes it.
 */
final class CopySink implements ChunkSink, AutoCloseable {
  static final int IN_FLIGHT = 3;

  private final CopyManager copyManager;
  private final ExecutorService thread;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private volatile Exception failure;

  CopySink(Connection connection, String name) throws SQLException {
    this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
    this.thread = Executors.newSingleThreadExecutor(runnable -> {
      Thread t = new Thread(runnable, "martflow-copy-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Queues one COPY of {@code text} (rows in COPY text format) with {@code copySql}. */
  @Override
  public void submit(String copySql, CharSequence text) throws SQLException {
    rethrow();
    String chunk = text.toString();
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for COPY", e);
    }
    thread.execute(() -> {
      try {
        if (failure == null) {
          byte[] data = chunk.getBytes(StandardCharsets.UTF_8);
          CopyIn in = copyManager.copyIn(copySql);
          try {
            in.writeToCopy(data, 0, data.length);
            in.endCopy();
          } finally {
            if (in.isActive()) {
              in.cancelCopy();
            }
          }
        }
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        }
      } finally {
        slots.release();
      }
    });
  }

  /** Waits until every queued chunk is stored; throws the first failure. */
  void drain() throws SQLException {
    try {
      slots.acquire(IN_FLIGHT);
      slots.release(IN_FLIGHT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting for COPY", e);
    }
    rethrow();
  }

  private void rethrow() throws SQLException {
    Exception e = failure;
    if (e instanceof SQLException sql) {
      throw sql;
    }
    if (e != null) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.MINUTES)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
