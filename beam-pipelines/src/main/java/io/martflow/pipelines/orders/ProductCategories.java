package io.martflow.pipelines.orders;

import io.martflow.io.SourceTable;
import io.martflow.io.SqlIdentifiers;
import io.martflow.warehouse.ConnectionSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Each product's category as the source states it now (latest version per product id): the
 * context an order line needs for its tax rate. One map per run, as a side input.
 */
final class ProductCategories extends PTransform<PBegin, PCollectionView<Map<Long, String>>> {
  private final SourceTable products;
  private final ConnectionSpec source;

  ProductCategories(SourceTable products, ConnectionSpec source) {
    this.products = products;
    this.source = source;
  }

  @Override
  public PCollectionView<Map<Long, String>> expand(PBegin begin) {
    return begin
        .apply("Start", Create.of(products.name()))
        .apply("ReadCategories", ParDo.of(new ReadFn(products, source)))
        .setCoder(MapCoder.of(VarLongCoder.of(), NullableCoder.of(StringUtf8Coder.of())))
        .apply("AsSideInput", View.asSingleton());
  }

  static final class ReadFn extends DoFn<String, Map<Long, String>> {
    private final SourceTable products;
    private final ConnectionSpec source;

    ReadFn(SourceTable products, ConnectionSpec source) {
      this.products = products;
      this.source = source;
    }

    @ProcessElement
    public void process(OutputReceiver<Map<Long, String>> out) throws Exception {
      String id = SqlIdentifiers.quote(products.keyColumns().get(0));
      String changed = SqlIdentifiers.quote(products.changeColumn());
      String sql = "select distinct on (" + id + ") " + id + ", " + SqlIdentifiers.quote("category") + " from "
          + SqlIdentifiers.qualified(products.schema(), products.table()) + " where " + id + " is not null"
          + " order by " + id + ", " + changed + " desc nulls last";
      Map<Long, String> categories = new HashMap<>();
      try (Connection c = source.open()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setFetchSize(10_000);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              categories.put(rs.getLong(1), rs.getString(2));
            }
          }
        }
        c.commit();
      }
      out.output(categories);
    }
  }
}
