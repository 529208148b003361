package io.martflow.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * A record's fields as COPY columns of the same names, after fixed leading columns (such as
 * run_id) whose values are the same for every row. Stage tables mirror the .avsc contracts, so one
 * format serves every domain.
 */
public final class AvroCopyFormat<T extends IndexedRecord> implements CopyFormat<T> {
  private static final long serialVersionUID = 1L;
  private final String schemaJson;
  private final LinkedHashMap<String, String> constants;
  private transient int fieldCount;

  public AvroCopyFormat(Schema schema, Map<String, String> constants) {
    this.schemaJson = schema.toString();
    this.constants = new LinkedHashMap<>(constants);
  }

  @Override
  public List<String> columns() {
    List<String> columns = new ArrayList<>(constants.keySet());
    for (Schema.Field f : new Schema.Parser().parse(schemaJson).getFields()) {
      columns.add(f.name());
    }
    return columns;
  }

  @Override
  public void append(T element, StringBuilder out) {
    for (String value : constants.values()) {
      CopyText.appendValue(value, out);
      out.append(CopyText.DELIMITER);
    }
    int n = element.getSchema().getFields().size();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(CopyText.DELIMITER);
      }
      CopyText.appendValue(element.get(i), out);
    }
    out.append('\n');
  }
}
