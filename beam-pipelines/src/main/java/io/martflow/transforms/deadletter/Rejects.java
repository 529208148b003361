package io.martflow.transforms.deadletter;

import io.martflow.model.Reject;
import org.apache.avro.generic.IndexedRecord;

/**
 * Builds reject records. Every reject carries a locator that identifies its source row
 * deterministically — the row's key when it has a complete one, else a fingerprint of its payload —
 * so that a retried write of the same rejects is recognised and not duplicated.
 */
public final class Rejects {
  private Rejects() {}

  /** A reject of a parsed row; {@code key} is its complete key as text, or null. */
  public static Reject of(String domain, String sourceName, IndexedRecord row, String key, String reasonCode,
      String message) {
    String payload = RecordJson.of(row);
    return build(domain, sourceSystemOf(row), sourceName, key, locatorFor(key, payload), reasonCode, message,
        payload);
  }

  /** A reject with an explicit locator (duplicates, CSV lines, HTTP pages). */
  public static Reject build(String domain, String sourceSystem, String sourceName, String key, String locator,
      String reasonCode, String message, String payload) {
    return Reject.newBuilder()
        .setDomain(domain)
        .setSourceSystem(sourceSystem)
        .setSourceName(sourceName)
        .setRecordKey(key)
        .setLocator(locator)
        .setReasonCode(reasonCode)
        .setMessage(RecordJson.sanitize(message))
        .setPayload(payload)
        .build();
  }

  public static String locatorFor(String key, String payload) {
    return key != null ? "key:" + key : "row:" + RecordJson.fingerprint(payload);
  }

  private static String sourceSystemOf(IndexedRecord row) {
    var field = row.getSchema().getField("source_system");
    Object v = field == null ? null : row.get(field.pos());
    return v == null ? "unknown" : v.toString();
  }
}
