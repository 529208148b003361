package io.martflow.io;

import io.martflow.control.Window;
import io.martflow.io.sources.CsvFiles;
import io.martflow.io.sources.CsvParser;
import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.RecordMapper;
import io.martflow.io.sources.RowParseException;
import io.martflow.io.sources.SourceKind;
import io.martflow.io.sources.SourceSpec;
import io.martflow.io.sources.ValueException;
import io.martflow.model.Reject;
import io.martflow.transforms.deadletter.RecordJson;
import io.martflow.transforms.deadletter.RejectReason;
import io.martflow.transforms.deadletter.Rejects;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Reads a CSV or HTTP source whole: every row (or reject) with whether this run counts it as new.
 * These sources have no key order and no server-side key ranges, so they are read in one piece by
 * one worker and sorted in memory, where the JDBC path reads ranges in key order.
 *
 * <p>What is new in a window:
 * <ul>
 *   <li>with a change column: rows whose change timestamp is in the window (all in a full refresh);
 *       a row whose change timestamp is null is read by full refreshes only, as in a table;
 *   <li>without one (a snapshot): CSV rows of files whose content no published run has loaded, HTTP
 *       rows always;
 *   <li>CSV lines that cannot be parsed (or placed in a window) are new in their file's first load
 *       (and in full refreshes); HTTP elements that cannot be, in every read.
 * </ul>
 */
public final class WholeSource {
  private WholeSource() {}

  /** A row or a reject of the source, whether it is new in this run, and which file it came from (-1: none). */
  public record Entry<T>(RangeItem<T> item, boolean fresh, int file, Instant change) {
    Entry(RangeItem<T> item, boolean fresh, int file) {
      this(item, fresh, file, null);
    }
  }

  /** Everything read, and the files (CSV) with their checksums. */
  public record Read<T>(SourceSpec source, List<Entry<T>> entries, List<FileLedger.FileRead> files) {
    /** Counts rows taken per file and returns the ledger rows. */
    public List<FileLedger.FileRead> filesWithCounts(List<Entry<T>> taken) {
      long[] counts = new long[files.size()];
      for (Entry<T> e : taken) {
        if (e.file() >= 0) {
          counts[e.file()]++;
        }
      }
      List<FileLedger.FileRead> out = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        FileLedger.FileRead f = files.get(i);
        out.add(new FileLedger.FileRead(f.path(), f.checksum(), f.bytes(), counts[i], f.firstLoad()));
      }
      return out;
    }

    public List<Entry<T>> fresh() {
      return entries.stream().filter(Entry::fresh).toList();
    }
  }

  /**
   * The items of {@code entries} in the order a {@link Deduplicator} takes them, the order a JDBC
   * range arrives in: rejects first, then rows in {@code rowOrder} (a key's versions together).
   */
  static <T> List<RangeItem<T>> sorted(List<Entry<T>> entries, Comparator<RangeItem.Row<T>> rowOrder) {
    List<RangeItem<T>> items = new ArrayList<>(entries.size());
    entries.forEach(e -> items.add(e.item()));
    items.sort((a, b) -> a instanceof RangeItem.Row<T> ra && b instanceof RangeItem.Row<T> rb
        ? rowOrder.compare(ra, rb)
        : Boolean.compare(a instanceof RangeItem.Row<T>, b instanceof RangeItem.Row<T>));
    return items;
  }

  /**
   * Reads the source.
   *
   * @param published checksums of this source's files already loaded by a published run (CSV)
   * @param keepOld also return rows that are not new (an affected order's unchanged lines); without
   *     it, files of a snapshot source already loaded are not even opened
   * @param sample stop after about this many entries (0: all), for `sources validate`
   */
  public static <T extends SpecificRecordBase> Read<T> read(SourceSpec source, Window window, RecordKeys<T> keys,
      Set<String> published, boolean keepOld, HttpPages.Sleeper sleeper, int sample)
      throws IOException, InterruptedException {
    RecordMapper<T> mapper = new RecordMapper<>(source);
    List<Entry<T>> entries = new ArrayList<>();
    List<FileLedger.FileRead> files = new ArrayList<>();
    if (source.kind() == SourceKind.CSV) {
      readCsv(source, window, keys, published, keepOld, mapper, entries, files, sample);
    } else if (source.kind() == SourceKind.HTTP) {
      readHttp(source, window, keys, keepOld, mapper, entries, sleeper, sample);
    } else {
      throw new IllegalArgumentException(source.name() + " is a jdbc source: it is read in key ranges");
    }
    return new Read<>(source, entries, files);
  }

  private static <T extends SpecificRecordBase> void readCsv(SourceSpec source, Window window, RecordKeys<T> keys,
      Set<String> published, boolean keepOld, RecordMapper<T> mapper, List<Entry<T>> entries,
      List<FileLedger.FileRead> files, int sample) throws IOException {
    boolean snapshot = !source.hasChangeColumn();
    for (CsvFiles.Match file : CsvFiles.match(source.csv().path())) {
      byte[] bytes = CsvFiles.read(file.path());
      String checksum = CsvFiles.sha256(bytes);
      boolean firstLoad = !published.contains(checksum);
      if (snapshot && !firstLoad && !window.fullRefresh() && !keepOld) {
        continue; // already loaded: an unchanged file is not loaded twice
      }
      int fileIndex = files.size();
      files.add(new FileLedger.FileRead(file.path(), checksum, bytes.length, 0, firstLoad));
      CsvParser.Parsed parsed;
      try {
        parsed = CsvParser.parse(bytes, source.csv(), source.formats());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(source.name() + ": " + file.path() + " " + e.getMessage(), e);
      }
      for (String column : source.sourceColumns()) {
        if (!parsed.columns().contains(column) && !parsed.items().isEmpty()) {
          throw new IllegalArgumentException(source.name() + ": " + file.path() + " has no column '" + column
              + "' (mapped at " + source.where("columns") + "); its columns: " + String.join(", ", parsed.columns()));
        }
      }
      boolean unplacedAreNew = firstLoad || window.fullRefresh();
      for (CsvParser.Item item : parsed.items()) {
        String locator = file.relative() + ":" + item.line();
        if (item instanceof CsvParser.Problem p) {
          entries.add(new Entry<>(reject(source, locator, p.reason(), p.message(), rawText(p.text())),
              unplacedAreNew, fileIndex));
          continue;
        }
        List<String> values = ((CsvParser.Record) item).fields();
        Map<String, Object> raw = new LinkedHashMap<>();
        for (int i = 0; i < parsed.columns().size(); i++) {
          raw.put(parsed.columns().get(i), values.get(i));
        }
        entries.add(entry(source, window, keys, mapper, raw, locator, snapshot ? firstLoad : null, unplacedAreNew,
            fileIndex));
        if (sample > 0 && entries.size() >= sample) {
          return;
        }
      }
    }
  }

  private static <T extends SpecificRecordBase> void readHttp(SourceSpec source, Window window, RecordKeys<T> keys,
      boolean keepOld, RecordMapper<T> mapper, List<Entry<T>> entries, HttpPages.Sleeper sleeper, int sample)
      throws IOException, InterruptedException {
    HttpPages pages = new HttpPages(source, sleeper);
    // Window parameters narrow what the server sends, unless unchanged rows are needed too.
    boolean narrow = !window.fullRefresh() && source.hasChangeColumn() && !keepOld;
    int maxPages = sample > 0 ? 1 : Integer.MAX_VALUE;
    for (HttpPages.Element e : pages.readAll(narrow ? window.start() : null, narrow ? window.end() : null, maxPages)) {
      if (e.undecodable()) {
        entries.add(new Entry<>(reject(source, e.locator(), RejectReason.ENCODING_ERROR,
            "element " + e.index() + " of page " + e.page() + " holds bytes that are not UTF-8", rawText(e.invalid())),
            true, -1));
        continue;
      }
      if (e.record() == null) {
        entries.add(new Entry<>(reject(source, e.locator(), RejectReason.HTTP_INVALID_RECORD,
            "element " + e.index() + " of page " + e.page() + " is not a JSON object", rawText(e.invalid())), true, -1));
        continue;
      }
      entries.add(entry(source, window, keys, mapper, e.record(), e.locator(), source.hasChangeColumn() ? null : true,
          true, -1));
      if (sample > 0 && entries.size() >= sample) {
        return;
      }
    }
  }

  /**
   * One raw row as an entry. {@code snapshotFresh}: for a source without a change column, whether the
   * row is new; null when the change column decides.
   */
  private static <T extends SpecificRecordBase> Entry<T> entry(SourceSpec source, Window window, RecordKeys<T> keys,
      RecordMapper<T> mapper, Map<String, Object> raw, String locator, Boolean snapshotFresh, boolean unplacedAreNew,
      int file) {
    var lookup = RecordMapper.lookup(raw, source.formats());
    boolean fresh;
    Instant change = null;
    if (snapshotFresh != null) {
      fresh = snapshotFresh || window.fullRefresh();
    } else {
      try {
        change = RecordMapper.changeOf(source, lookup);
      } catch (ValueException e) {
        return new Entry<>(reject(source, locator, e.reason(), "change column " + source.changeColumn() + ": "
            + e.getMessage(), RecordJson.ofText(texts(raw))), unplacedAreNew, file);
      }
      fresh = window.fullRefresh() || (change != null && !change.isBefore(window.start())
          && change.isBefore(window.end()));
    }
    try {
      T row = mapper.map(lookup);
      return new Entry<>(new RangeItem.Row<>(row, keys.keyOf(row)), fresh, file, change);
    } catch (RowParseException e) {
      return new Entry<>(reject(source, locator, e.reason(), e.getMessage(), RecordJson.ofText(texts(raw))), fresh,
          file, change);
    }
  }

  private static <T> RangeItem<T> reject(SourceSpec source, String locator, RejectReason reason, String message,
      String payload) {
    Reject r = Rejects.build(source.domain(), source.sourceSystem(), source.name(), null, locator, reason.name(),
        message + " (" + locator + ")", payload);
    return new RangeItem.Rejected<>(r);
  }

  private static String rawText(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("raw", text);
    return RecordJson.ofText(m);
  }

  private static Map<String, String> texts(Map<String, Object> raw) {
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> out.put(k, v == null ? null : io.martflow.io.sources.TypedValues.text(v)));
    return out;
  }
}
