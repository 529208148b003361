package io.martflow.io;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.martflow.testing.Sql;
import io.martflow.testing.TestDatabase;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * COPY staging on the DirectRunner against a real PostgreSQL: a retried bundle stages each row
 * once, duplicated deliveries (concurrent attempts) stage each row once, and with maxWriters = N at
 * most N writer connections exist while rows are written, as PostgreSQL itself sees them.
 */
class WriteByCopyTest {
  @RegisterExtension static final TestDatabase db = TestDatabase.migrated();
  static final String RUN = "retry-run";
  static final String TABLE = "public.copy_target";
  /** About 20 rows per chunk: a few hundred rows make many chunks, hence many commits. */
  static final int SMALL_CHUNK = 20 * RowFormat.ROW_CHARS;

  @BeforeEach
  void freshTables() throws Exception {
    Sql.runText(db.spec(), """
        drop table if exists copy_target, fault, writer_samples cascade;
        create table copy_target (run_id text not null, id bigint not null, payload text not null,
                                  primary key (run_id, id));
        -- A transient fault: armed with a row budget, the insert that exhausts it fails. The budget
        -- is spent inside each COPY's transaction, so a failed chunk gives its rows back.
        create table fault (remaining int);
        insert into fault values (null);
        create or replace function spend_fault_budget() returns trigger language plpgsql as $$
        begin
          update fault set remaining = remaining - 1 where remaining is not null;
          if (select remaining from fault) = 0 then
            raise exception 'injected fault: the worker died in the middle of a chunk';
          end if;
          return new;
        end $$;
        create trigger fault_budget before insert on copy_target for each row execute function spend_fault_budget();
        -- What PostgreSQL sees at every COPY: how many writer connections are open right now.
        create table writer_samples (writers int not null, application text not null, pid int not null);
        create or replace function sample_writers() returns trigger language plpgsql as $$
        begin
          insert into writer_samples
          select count(*), current_setting('application_name'), pg_backend_pid()
          from pg_stat_activity where application_name like 'martflow-writer public.copy_target%';
          return null;
        end $$;
        create trigger writers_at_copy after insert on copy_target for each statement execute function sample_writers();
        """);
  }

  @Test
  void aRetriedBundleStagesEveryRowOnce() throws Exception {
    List<Long> ids = LongStream.rangeClosed(1, 200).boxed().toList();
    // Attempt 1: the fault strikes on the 100th row written. With one writer shard the rows go out
    // in chunks of 20, so four chunks (80 rows) are committed and the fifth is rolled back.
    Sql.exec(db.spec(), "update fault set remaining = 100");
    Pipeline.PipelineExecutionException failed = assertThrows(Pipeline.PipelineExecutionException.class,
        () -> write(ids, 1, SMALL_CHUNK, 2));
    assertThat(failed.getMessage(), containsString("injected fault"));
    assertThat("chunks committed before the failure stay", count(), equalTo(80L));

    // Attempt 2 (Dataflow's retry of the bundle): the fault is gone, the same rows come again.
    Sql.exec(db.spec(), "update fault set remaining = null");
    PipelineResult retry = write(ids, 1, SMALL_CHUNK, 2);
    assertThat(count(), equalTo(200L));
    assertThat(Sql.count(db.spec(), "select count(distinct id) from copy_target where run_id = '" + RUN + "'"),
        equalTo(200L));
    assertThat("every committed row was met again and replayed, not doubled",
        counter(retry, LoadMetrics.rowsReplayed(TABLE)), greaterThanOrEqualTo(80L));
    assertThat(counter(retry, LoadMetrics.rowsWritten(TABLE)), equalTo(200L));
    assertThat("payloads are those of the rows", Sql.count(db.spec(),
        "select count(*) from copy_target where payload <> 'row-' || lpad(id::text, 10, '0')"), equalTo(0L));
  }

  @Test
  void rowsDeliveredTwiceByConcurrentWritersAreStagedOnce() throws Exception {
    // Every row twice, written by unbounded writers on four threads: as when Dataflow runs a
    // second attempt of a bundle while the first is still committing.
    List<Long> ids = LongStream.rangeClosed(1, 400).boxed().toList();
    PipelineResult result = write(ids, 0, SMALL_CHUNK, 4, true);
    assertThat(count(), equalTo(400L));
    assertThat(counter(result, LoadMetrics.rowsReplayed(TABLE)), greaterThan(0L));
  }

  @Test
  void rowsDeliveredTwiceToShardedWritersAreStagedOnce() throws Exception {
    List<Long> ids = LongStream.rangeClosed(1, 400).boxed().toList();
    PipelineResult result = write(ids, 3, SMALL_CHUNK, 4, true);
    assertThat(count(), equalTo(400L));
    assertThat(counter(result, LoadMetrics.rowsReplayed(TABLE)), greaterThan(0L));
  }

  @Test
  void atMostMaxWritersConnectionsWriteAtOnce() throws Exception {
    List<Long> ids = LongStream.rangeClosed(1, 3000).boxed().toList();
    write(ids, 2, SMALL_CHUNK, 8);
    assertThat(count(), equalTo(3000L));
    List<Map<String, Object>> samples = Sql.rows(db.spec(), "select writers, application, pid from writer_samples");
    assertThat("one sample per chunk", samples.size(), greaterThanOrEqualTo(3000 / 21));
    Set<Long> concurrent = samples.stream().map(s -> ((Number) s.get("writers")).longValue()).collect(Collectors.toSet());
    assertThat(concurrent, everyItem(lessThanOrEqualTo(2L)));
    assertThat(concurrent, everyItem(greaterThanOrEqualTo(1L)));
    Set<String> applications = new HashSet<>();
    samples.forEach(s -> applications.add((String) s.get("application")));
    assertThat(applications, everyItem(in(Set.of(
        "martflow-writer public.copy_target 1/2", "martflow-writer public.copy_target 2/2"))));
    assertThat("both shards wrote", applications.size(), equalTo(2));
  }

  private PipelineResult write(List<Long> ids, int maxWriters, int chunkChars, int parallelism) {
    return write(ids, maxWriters, chunkChars, parallelism, false);
  }

  private PipelineResult write(List<Long> ids, int maxWriters, int chunkChars, int parallelism, boolean twice) {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.fromArgs("--runner=DirectRunner",
        "--targetParallelism=" + parallelism).create());
    PCollection<Long> rows = p.apply("Rows", Create.of(ids).withCoder(VarLongCoder.of()));
    if (twice) {
      PCollection<Long> again = p.apply("SameRowsAgain", Create.of(ids).withCoder(VarLongCoder.of()));
      rows = PCollectionList.of(rows).and(again).apply("BothDeliveries", Flatten.pCollections());
    }
    rows.apply("Copy", WriteByCopy.to(db.spec(), "public", "copy_target", new RowFormat(RUN))
        .withMaxWriters(maxWriters).withChunkChars(chunkChars));
    PipelineResult result = p.run();
    result.waitUntilFinish();
    return result;
  }

  private static long count() throws Exception {
    return Sql.count(db.spec(), "select count(*) from copy_target where run_id = '" + RUN + "'");
  }

  private static long counter(PipelineResult result, String name) {
    long total = 0;
    for (MetricResult<Long> c : result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.named(LoadMetrics.NAMESPACE, name)).build()).getCounters()) {
      total += c.getAttempted();
    }
    return total;
  }

  /** Rows (run_id, id, 'row-' || id as 10 digits), each exactly ROW_CHARS characters of COPY text. */
  static final class RowFormat implements CopyFormat<Long> {
    private static final long serialVersionUID = 1L;
    static final int ROW_CHARS = 36;
    private final String runId;

    RowFormat(String runId) {
      this.runId = runId;
    }

    @Override
    public List<String> columns() {
      return List.of("run_id", "id", "payload");
    }

    @Override
    public void append(Long id, StringBuilder out) {
      String digits = String.format(java.util.Locale.ROOT, "%010d", id);
      String row = runId + "\t" + digits + "\trow-" + digits + "\n";
      if (row.length() != ROW_CHARS) {
        throw new IllegalStateException("fixed-width rows keep the chunk arithmetic exact: " + row);
      }
      out.append(row);
    }
  }
}
