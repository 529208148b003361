package io.martflow.io.sources;

import io.martflow.io.Records;
import io.martflow.transforms.deadletter.RejectReason;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Builds a domain record from one source row given as column -> raw value (CSV text, JSON scalars,
 * JDBC objects): each mapped field's expression is evaluated and converted to the field's type with
 * the source's formats; unmapped fields stay null; source_system is the source's.
 */
public final class RecordMapper<T extends SpecificRecordBase> {
  private final Supplier<T> factory;
  private final SourceSpec source;
  private final String[] fields;
  private final int[] positions;
  private final Schema.Field[] schemaFields;
  private final Expr[] exprs;
  private final int sourceSystemField;

  @SuppressWarnings("unchecked")
  public RecordMapper(SourceSpec source) {
    this(source, source.columns().keySet().stream().toList(),
        (Supplier<T>) Records.factory(source.domainContract().recordClass()));
  }

  /** Maps only {@code only} of the source's fields (e.g. a product's key and category). */
  public RecordMapper(SourceSpec source, List<String> only, Supplier<T> factory) {
    this.factory = factory;
    this.source = source;
    Schema schema = factory.get().getSchema();
    List<String> mapped = only.stream().filter(source.columns()::containsKey).toList();
    this.fields = mapped.toArray(new String[0]);
    this.positions = new int[fields.length];
    this.schemaFields = new Schema.Field[fields.length];
    this.exprs = new Expr[fields.length];
    for (int i = 0; i < fields.length; i++) {
      schemaFields[i] = schema.getField(fields[i]);
      positions[i] = schemaFields[i].pos();
      exprs[i] = source.columns().get(fields[i]);
    }
    Schema.Field ss = schema.getField("source_system");
    this.sourceSystemField = ss == null ? -1 : ss.pos();
  }

  public T map(Function<String, Object> row) throws RowParseException {
    T record = factory.get();
    if (sourceSystemField >= 0) {
      record.put(sourceSystemField, source.sourceSystem());
    }
    ValueFormats f = source.formats();
    for (int i = 0; i < fields.length; i++) {
      try {
        record.put(positions[i], TypedValues.toField(Functions.eval(exprs[i], row, f), schemaFields[i], f));
      } catch (ValueException e) {
        throw new RowParseException(e.reason(), fields[i], e.getMessage());
      } catch (RuntimeException e) {
        throw new RowParseException(RejectReason.PARSE_ERROR, fields[i], String.valueOf(e.getMessage()));
      }
    }
    return record;
  }

  /** The change timestamp of a raw row (null when the source has no change column or the value is null). */
  public static java.time.Instant changeOf(SourceSpec source, Function<String, Object> row) throws ValueException {
    if (source.changeColumn() == null) {
      return null;
    }
    return TypedValues.timestamp(row.apply(source.changeColumn()), source.formats(), null);
  }

  /** A raw row as a lookup that applies the source's null markers to text values. */
  public static Function<String, Object> lookup(Map<String, ?> raw, ValueFormats f) {
    return name -> {
      Object v = raw.get(name);
      return v instanceof String s && f.isNull(s) ? null : v;
    };
  }
}
