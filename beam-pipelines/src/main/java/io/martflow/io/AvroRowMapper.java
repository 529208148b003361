package io.martflow.io;

import io.martflow.io.sources.Expr;
import io.martflow.io.sources.Functions;
import io.martflow.io.sources.RowParseException;
import io.martflow.io.sources.SourceSpec;
import io.martflow.io.sources.TypedValues;
import io.martflow.io.sources.ValueException;
import io.martflow.io.sources.ValueFormats;
import io.martflow.transforms.deadletter.RejectReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Maps a JDBC row onto the fields of a domain record through the source's column mapping. A field
 * mapped to a plain column of a matching SQL type is read directly with the typed getter (the
 * demo shop's path: no text round trip); a text column feeding a typed field is parsed with the
 * source's formats; any other expression is evaluated over the row's values. A value that does not
 * fit raises {@link RowParseException} with its reject reason.
 */
public final class AvroRowMapper<T extends SpecificRecordBase> {
  private final java.util.function.Supplier<T> factory;
  private final SourceSpec source;
  private final List<String> selected;
  private final String[] fields;
  private final Schema.Field[] schemaFields;
  private final Expr[] exprs;
  private final int sourceSystemField;

  private interface Converter {
    Object read(ResultSet rs) throws SQLException, ValueException;
  }

  /** Converters bound to one result set's column types. */
  public final class Bound {
    private final Converter[] converters;
    private final ResultSet rs;

    private Bound(ResultSet rs) throws SQLException {
      this.rs = rs;
      ResultSetMetaData md = rs.getMetaData();
      Map<String, Integer> index = new HashMap<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        index.putIfAbsent(md.getColumnLabel(i), i);
      }
      String[] typeNames = new String[md.getColumnCount() + 1];
      for (int i = 1; i <= md.getColumnCount(); i++) {
        typeNames[i] = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
      }
      Function<String, Object> lookup = name -> {
        Integer c = index.get(name);
        if (c == null) {
          throw new IllegalArgumentException("column " + name + " is not selected");
        }
        try {
          return value(rs, c, typeNames[c]);
        } catch (SQLException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      };
      converters = new Converter[fields.length];
      for (int i = 0; i < fields.length; i++) {
        String column = exprs[i].plainColumn();
        Integer c = column == null ? null : index.get(column);
        Converter typed = c == null ? null : typed(schemaFields[i], c, typeNames[c], source.formats());
        if (typed != null) {
          converters[i] = typed;
        } else {
          Expr e = exprs[i];
          Schema.Field f = schemaFields[i];
          ValueFormats formats = source.formats();
          converters[i] = r -> TypedValues.toField(Functions.eval(e, lookup, formats), f, formats);
        }
      }
    }

    public T map() throws RowParseException {
      T record = factory.get();
      if (sourceSystemField >= 0) {
        record.put(sourceSystemField, source.sourceSystem());
      }
      for (int i = 0; i < converters.length; i++) {
        try {
          record.put(schemaFields[i].pos(), converters[i].read(rs));
        } catch (ValueException e) {
          throw new RowParseException(e.reason(), fields[i], e.getMessage());
        } catch (SQLException | RuntimeException e) {
          Throwable cause = e instanceof IllegalStateException && e.getCause() instanceof SQLException s ? s : e;
          throw new RowParseException(RejectReason.PARSE_ERROR, fields[i],
              cause.getMessage() == null ? cause.toString() : cause.getMessage());
        }
      }
      return record;
    }
  }

  /**
   * @param selected the source columns the query selects, in order
   */
  public AvroRowMapper(java.util.function.Supplier<T> factory, SourceSpec source, List<String> selected,
      List<String> onlyFields) {
    this.factory = factory;
    this.source = source;
    this.selected = List.copyOf(selected);
    Schema schema = factory.get().getSchema();
    List<String> mapped = source.columns().keySet().stream()
        .filter(f -> onlyFields == null || onlyFields.contains(f)).toList();
    this.fields = mapped.toArray(new String[0]);
    this.schemaFields = new Schema.Field[fields.length];
    this.exprs = new Expr[fields.length];
    for (int i = 0; i < fields.length; i++) {
      schemaFields[i] = schema.getField(fields[i]);
      if (schemaFields[i] == null) {
        throw new IllegalArgumentException("field " + fields[i] + " is not in " + schema.getName());
      }
      exprs[i] = source.columns().get(fields[i]);
    }
    Schema.Field ss = schema.getField("source_system");
    this.sourceSystemField = ss == null ? -1 : ss.pos();
  }

  public List<String> selected() {
    return selected;
  }

  public Bound bind(ResultSet rs) throws SQLException {
    return new Bound(rs);
  }

  /** The raw row as column -> text, for rejects of rows that could not be parsed. */
  public static Map<String, String> rawRow(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    Map<String, String> raw = new java.util.LinkedHashMap<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      raw.put(md.getColumnLabel(i), rs.getString(i));
    }
    return raw;
  }

  private static boolean isText(String typeName) {
    return typeName.equals("text") || typeName.equals("varchar") || typeName.equals("bpchar")
        || typeName.equals("char") || typeName.equals("name") || typeName.equals("citext");
  }

  /** A value of any column for expressions: text, BigDecimal, Long, Boolean, LocalDate, Instant or LocalDateTime. */
  public static Object value(ResultSet rs, int c, String typeName) throws SQLException {
    switch (typeName) {
      case "timestamptz": {
        OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
      }
      case "timestamp":
        return rs.getObject(c, LocalDateTime.class);
      case "date":
        return rs.getObject(c, LocalDate.class);
      case "int2", "int4", "int8": {
        long v = rs.getLong(c);
        return rs.wasNull() ? null : v;
      }
      case "numeric", "float4", "float8":
        return rs.getBigDecimal(c);
      case "bool":
        return rs.getObject(c, Boolean.class);
      default:
        return rs.getString(c);
    }
  }

  /** A direct, typed read of a column into a field of a matching type; null when the types do not match. */
  private static Converter typed(Schema.Field field, int c, String typeName, ValueFormats formats) {
    Schema type = TypedValues.nonNull(field.schema());
    LogicalType logical = type.getLogicalType();
    String name = field.name();
    if (isText(typeName) && !(type.getType() == Schema.Type.STRING && logical == null)) {
      return rs -> {
        String v = rs.getString(c);
        return v == null || formats.isNull(v) ? null : TypedValues.toField(v, field, formats);
      };
    }
    if (logical instanceof LogicalTypes.Decimal decimal) {
      int scale = decimal.getScale();
      int integerDigits = decimal.getPrecision() - scale;
      return rs -> {
        BigDecimal v;
        try {
          v = rs.getBigDecimal(c);
        } catch (SQLException e) {
          // numeric 'NaN' and '±Infinity', float8 NaN: no decimal holds them
          throw new ValueException(RejectReason.INVALID_NUMBER, name + " " + rs.getString(c) + " is not a number");
        }
        if (v == null) {
          return null;
        }
        // Extra fraction digits are rounded to the contract's scale (HALF_UP); extra integer digits are an error.
        BigDecimal scaled = v.setScale(scale, RoundingMode.HALF_UP);
        if (scaled.precision() - scaled.scale() > integerDigits) {
          throw new ValueException(RejectReason.INVALID_NUMBER, v.toPlainString() + " does not fit numeric("
              + decimal.getPrecision() + "," + scale + ") of " + name);
        }
        return scaled;
      };
    }
    if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.TimestampMillis) {
      if (typeName.equals("timestamp")) {
        return rs -> {
          LocalDateTime t = rs.getObject(c, LocalDateTime.class);
          return t == null ? null : TypedValues.inRange(t.atZone(formats.zone()).toInstant(), name);
        };
      }
      if (!typeName.equals("timestamptz")) {
        return null;
      }
      return rs -> {
        OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
        return t == null ? null : TypedValues.inRange(t.toInstant(), name);
      };
    }
    if (logical instanceof LogicalTypes.Date) {
      if (!typeName.equals("date")) {
        return null;
      }
      return rs -> {
        LocalDate d = rs.getObject(c, LocalDate.class);
        if (d != null && (d.equals(LocalDate.MAX) || d.equals(LocalDate.MIN))) {
          throw new ValueException(RejectReason.INVALID_DATE, "infinite date in " + name);
        }
        return TypedValues.inRange(d, name);
      };
    }
    switch (type.getType()) {
      case LONG:
        return rs -> {
          long v = rs.getLong(c);
          return rs.wasNull() ? null : v;
        };
      case INT:
        return rs -> {
          int v;
          try {
            v = rs.getInt(c);
          } catch (SQLException e) {
            throw new ValueException(RejectReason.INVALID_NUMBER, name + " " + rs.getString(c)
                + " is not an integer that fits (at most 2147483647)");
          }
          return rs.wasNull() ? null : v;
        };
      case BOOLEAN:
        return rs -> {
          boolean v = rs.getBoolean(c);
          return rs.wasNull() ? null : v;
        };
      case STRING:
        return rs -> rs.getString(c);
      default:
        throw new IllegalArgumentException("unsupported field type " + type + " for " + name);
    }
  }
}
