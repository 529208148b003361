package io.martflow.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;

/** Checks that records the rules produce are exactly what their Avro schema says. */
public final class AvroAssertions {
  private static final Map<Class<?>, AvroCoder<?>> CODERS = new ConcurrentHashMap<>();

  private AvroAssertions() {}

  /**
   * Every decimal field holds exactly its schema's scale (Avro equality compares decimals by
   * value, so a round trip alone would not notice 5.0 in a scale-2 field), and the record
   * survives a Beam AvroCoder round trip unchanged.
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecordBase> void assertExactScalesAndRoundTrip(T record) {
    for (Schema.Field field : record.getSchema().getFields()) {
      Integer scale = decimalScale(field.schema());
      Object value = record.get(field.pos());
      if (scale != null && value != null) {
        assertThat(field.name() + " scale", ((BigDecimal) value).scale(), equalTo(scale));
      }
    }
    // specific(), not of(): AvroCoder.of(Class) uses Avro reflection, which ignores the
    // generated classes' decimal and timestamp conversions and cannot encode BigDecimal fields.
    AvroCoder<T> coder = (AvroCoder<T>) CODERS.computeIfAbsent(record.getClass(), AvroCoder::specific);
    T decoded = roundTrip(coder, record);
    assertThat(decoded, equalTo(record));
    assertThat(decoded.toString(), equalTo(record.toString()));
  }

  private static <T> T roundTrip(AvroCoder<T> coder, T record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      coder.encode(record, out);
      return coder.decode(new ByteArrayInputStream(out.toByteArray()));
    } catch (IOException e) {
      throw new AssertionError("Avro round trip failed for " + record, e);
    }
  }

  private static Integer decimalScale(Schema schema) {
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        Integer scale = decimalScale(branch);
        if (scale != null) {
          return scale;
        }
      }
      return null;
    }
    return schema.getLogicalType() instanceof LogicalTypes.Decimal decimal ? decimal.getScale() : null;
  }
}
