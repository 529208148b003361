package io.martflow.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Maps a JDBC row onto the fields of a domain record with the same names, converting by the
 * field's Avro type. A value that does not fit (wrong type, too many digits) raises
 * {@link RowParseException}, which becomes a PARSE_ERROR reject with the raw row.
 */
public final class AvroRowMapper<T extends SpecificRecordBase> {
  private final java.util.function.Supplier<T> factory;
  private final int[] fieldIndex;
  private final Converter[] converters;
  private final String[] columns;
  private final int sourceSystemField;

  private interface Converter {
    Object read(ResultSet rs, int column) throws SQLException;
  }

  public AvroRowMapper(java.util.function.Supplier<T> factory, List<String> columns) {
    this.factory = factory;
    Schema schema = factory.get().getSchema();
    this.columns = columns.toArray(new String[0]);
    this.fieldIndex = new int[columns.size()];
    this.converters = new Converter[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      Schema.Field field = schema.getField(columns.get(i));
      if (field == null) {
        throw new IllegalArgumentException("column " + columns.get(i) + " has no field in " + schema.getName());
      }
      fieldIndex[i] = field.pos();
      converters[i] = converterFor(field);
    }
    Schema.Field source = schema.getField("source_system");
    this.sourceSystemField = source == null ? -1 : source.pos();
  }

  public T map(ResultSet rs, String sourceSystem) throws RowParseException {
    T record = factory.get();
    if (sourceSystemField >= 0) {
      record.put(sourceSystemField, sourceSystem);
    }
    for (int i = 0; i < converters.length; i++) {
      try {
        record.put(fieldIndex[i], converters[i].read(rs, i + 1));
      } catch (SQLException | RuntimeException e) {
        throw new RowParseException(columns[i], e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }
    return record;
  }

  /** The raw row as column -> text, for rejects of rows that could not be parsed. */
  public static java.util.Map<String, String> rawRow(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    java.util.Map<String, String> raw = new java.util.LinkedHashMap<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      raw.put(md.getColumnLabel(i), rs.getString(i));
    }
    return raw;
  }

  private static Converter converterFor(Schema.Field field) {
    Schema type = nonNull(field.schema());
    LogicalType logical = type.getLogicalType();
    String name = field.name();
    if (logical instanceof LogicalTypes.Decimal decimal) {
      int scale = decimal.getScale();
      int integerDigits = decimal.getPrecision() - scale;
      return (rs, c) -> {
        BigDecimal v = rs.getBigDecimal(c);
        if (v == null) {
          return null;
        }
        // Extra fraction digits are rounded to the contract's scale (HALF_UP); extra integer digits are an error.
        BigDecimal scaled = v.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > integerDigits) {
          throw new IllegalArgumentException(v.toPlainString() + " does not fit numeric(" + decimal.getPrecision()
              + "," + scale + ") of " + name);
        }
        return scaled;
      };
    }
    if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.TimestampMillis) {
      return (rs, c) -> {
        OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
      };
    }
    if (logical instanceof LogicalTypes.Date) {
      return (rs, c) -> {
        LocalDate d = rs.getObject(c, LocalDate.class);
        if (d != null && (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN))) {
          throw new IllegalArgumentException("infinite date in " + name);
        }
        return d;
      };
    }
    switch (type.getType()) {
      case LONG:
        return (rs, c) -> {
          long v = rs.getLong(c);
          return rs.wasNull() ? null : v;
        };
      case INT:
        return (rs, c) -> {
          int v = rs.getInt(c);
          return rs.wasNull() ? null : v;
        };
      case BOOLEAN:
        return (rs, c) -> {
          boolean v = rs.getBoolean(c);
          return rs.wasNull() ? null : v;
        };
      case STRING:
        return ResultSet::getString;
      default:
        throw new IllegalArgumentException("unsupported field type " + type + " for " + name);
    }
  }

  static Schema nonNull(Schema schema) {
    if (schema.getType() != Schema.Type.UNION) {
      return schema;
    }
    for (Schema s : schema.getTypes()) {
      if (s.getType() != Schema.Type.NULL) {
        return s;
      }
    }
    throw new IllegalArgumentException("union without a non-null branch: " + schema);
  }

  /** A value of the row could not be converted. */
  public static final class RowParseException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String column;

    RowParseException(String column, String detail) {
      super("column " + column + ": " + detail);
      this.column = column;
    }

    public String column() {
      return column;
    }
  }
}
