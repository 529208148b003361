package io.martflow.io;

import io.martflow.io.sources.RowParseException;
import io.martflow.model.Reject;
import io.martflow.transforms.deadletter.RecordJson;
import io.martflow.transforms.deadletter.Rejects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.avro.specific.SpecificRecordBase;

/** Streams a range's result set as parsed domain records; rows that do not parse become rejects. */
final class ParsedRows<T extends SpecificRecordBase> implements Iterator<RangeItem<T>> {
  private final ResultSet rs;
  private final AvroRowMapper<T>.Bound mapper;
  private final RecordKeys<T> keys;
  private final String domain;
  private final SourceTable table;
  private final String faultPoint;
  private RangeItem<T> next;
  private boolean done;
  private long count;

  ParsedRows(ResultSet rs, AvroRowMapper<T> mapper, RecordKeys<T> keys, String domain, SourceTable table)
      throws SQLException {
    this.rs = rs;
    this.mapper = mapper.bind(rs);
    this.keys = keys;
    this.domain = domain;
    this.table = table;
    this.faultPoint = "extract-row:" + domain;
  }

  /** Rows read so far, every one: parsed, unparseable and duplicates alike. */
  long count() {
    return count;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = advance();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public RangeItem<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RangeItem<T> item = next;
    next = null;
    return item;
  }

  private RangeItem<T> advance() {
    try {
      if (!rs.next()) {
        return null;
      }
      count++;
      io.martflow.control.FaultPoints.hit(faultPoint);
      try {
        T row = mapper.map();
        return new RangeItem.Row<>(row, keys.keyOf(row));
      } catch (RowParseException e) {
        String payload = RecordJson.ofText(AvroRowMapper.rawRow(rs));
        Reject reject = Rejects.build(domain, table.sourceSystem(), table.name(), null,
            Rejects.locatorFor(null, payload), e.reason().name(), e.getMessage(), payload);
        return new RangeItem.Rejected<>(reject);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading " + table.name() + " failed: " + e.getMessage(), e);
    }
  }
}
