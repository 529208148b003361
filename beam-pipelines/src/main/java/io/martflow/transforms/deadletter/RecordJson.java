package io.martflow.transforms.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/** A row as the JSON payload of a reject: its non-null fields in schema order. */
public final class RecordJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private RecordJson() {}

  public static String of(IndexedRecord record) {
    ObjectNode node = MAPPER.createObjectNode();
    for (Schema.Field f : record.getSchema().getFields()) {
      Object v = record.get(f.pos());
      if (v == null) {
        continue;
      }
      if (v instanceof BigDecimal d) {
        node.put(f.name(), d);
      } else if (v instanceof Long l) {
        node.put(f.name(), l);
      } else if (v instanceof Integer i) {
        node.put(f.name(), i);
      } else if (v instanceof Boolean b) {
        node.put(f.name(), b);
      } else {
        node.put(f.name(), sanitize(v.toString()));
      }
    }
    return write(node);
  }

  /** A raw row of text values (a row that could not be parsed, a CSV line). */
  public static String ofText(Map<String, String> raw) {
    ObjectNode node = MAPPER.createObjectNode();
    raw.forEach((k, v) -> {
      if (v == null) {
        node.putNull(sanitize(k));
      } else {
        node.put(sanitize(k), sanitize(v));
      }
    });
    return write(node);
  }

  /** A short, stable fingerprint of a payload: identifies rows that have no complete key. */
  public static String fingerprint(String payload) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PostgreSQL text and jsonb cannot hold U+0000; it becomes U+FFFD (documented repair). */
  public static String sanitize(String s) {
    return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
  }

  private static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
