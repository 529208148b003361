package io.martflow.io;

import io.martflow.model.Reject;
import io.martflow.transforms.deadletter.RecordJson;
import io.martflow.transforms.deadletter.Rejects;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.avro.generic.IndexedRecord;

/**
 * Keeps the latest version of each key from items that arrive in key order. Ties on the change
 * timestamp are broken by the row's JSON payload, so the winner never depends on physical order.
 * Losers become DUPLICATE rejects. Rows without a complete key cannot be versioned: an exact
 * copy of one already seen in this range is a DUPLICATE, the rest pass on (validation rejects them).
 * Rejects that arrive (unparseable rows) are de-duplicated the same way, by payload.
 */
final class Deduplicator<T extends IndexedRecord> implements Iterator<RangeItem<T>> {
  static final String DUPLICATE = "DUPLICATE";

  private final Iterator<RangeItem<T>> in;
  private final RecordKeys<T> keys;
  private final String domain;
  private final String sourceName;
  private final Deque<RangeItem<T>> ready = new ArrayDeque<>();
  private final Map<String, Integer> seenFingerprints = new HashMap<>();
  private final List<T> group = new ArrayList<>();
  private String groupKey;

  Deduplicator(Iterator<RangeItem<T>> in, RecordKeys<T> keys, String domain, String sourceName) {
    this.in = in;
    this.keys = keys;
    this.domain = domain;
    this.sourceName = sourceName;
  }

  @Override
  public boolean hasNext() {
    while (ready.isEmpty()) {
      if (!in.hasNext()) {
        flushGroup();
        return !ready.isEmpty();
      }
      accept(in.next());
    }
    return true;
  }

  @Override
  public RangeItem<T> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  private void accept(RangeItem<T> item) {
    if (item instanceof RangeItem.Rejected<T> rejected) {
      Reject r = rejected.reject();
      int seen = seenFingerprints.merge(r.getLocator(), 1, Integer::sum);
      if (seen > 1) {
        r.setLocator(r.getLocator() + "#dup" + (seen - 1));
        r.setReasonCode(DUPLICATE);
        r.setMessage("exact copy of another row that could not be parsed (" + r.getMessage() + ")");
      }
      ready.add(rejected);
      return;
    }
    RangeItem.Row<T> row = (RangeItem.Row<T>) item;
    if (row.key() == null) {
      // Emitted in place: the pending group goes first, so output stays in input (key) order.
      flushGroup();
      String payload = RecordJson.of(row.row());
      String locator = Rejects.locatorFor(null, payload);
      int seen = seenFingerprints.merge(locator, 1, Integer::sum);
      if (seen > 1) {
        ready.add(new RangeItem.Rejected<>(Rejects.build(domain, sourceSystem(row.row()), sourceName, null,
            locator + "#dup" + (seen - 1), DUPLICATE, "exact copy of another row without a complete key", payload)));
      } else {
        ready.add(row);
      }
      return;
    }
    if (!row.key().equals(groupKey)) {
      flushGroup();
      groupKey = row.key();
    }
    group.add(row.row());
  }

  private void flushGroup() {
    if (group.isEmpty()) {
      return;
    }
    if (group.size() == 1) {
      ready.add(new RangeItem.Row<>(group.get(0), groupKey));
    } else {
      resolve();
    }
    group.clear();
    groupKey = null;
  }

  private void resolve() {
    record Version<T>(T row, Instant changedAt, String payload) {}
    List<Version<T>> versions = new ArrayList<>(group.size());
    for (T r : group) {
      versions.add(new Version<>(r, keys.changedAt(r), RecordJson.of(r)));
    }
    versions.sort(Comparator.comparing((Version<T> v) -> v.changedAt(),
            Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
        .thenComparing(Version::payload));
    Version<T> winner = versions.get(0);
    ready.add(new RangeItem.Row<>(winner.row(), groupKey));
    for (int i = 1; i < versions.size(); i++) {
      Version<T> loser = versions.get(i);
      String message = loser.payload().equals(winner.payload())
          ? "exact duplicate of another row with key " + groupKey
          : "superseded by a newer version of key " + groupKey + " (changed " + winner.changedAt() + ")";
      ready.add(new RangeItem.Rejected<>(Rejects.build(domain, sourceSystem(loser.row()), sourceName, groupKey,
          "key:" + groupKey + "#dup" + i, DUPLICATE, message, loser.payload())));
    }
  }

  private static String sourceSystem(IndexedRecord r) {
    var f = r.getSchema().getField("source_system");
    Object v = f == null ? null : r.get(f.pos());
    return v == null ? "unknown" : v.toString();
  }
}
