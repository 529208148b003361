package io.martflow.pipelines.orders;

import io.martflow.control.Window;
import io.martflow.io.AvroRowMapper;
import io.martflow.io.ExtractDomain;
import io.martflow.io.RecordKeys;
import io.martflow.io.SqlIdentifiers;
import io.martflow.io.WholeSource;
import io.martflow.io.sources.HttpPages;
import io.martflow.io.sources.RowParseException;
import io.martflow.io.sources.SourceKind;
import io.martflow.io.sources.SourceSpec;
import io.martflow.model.Product;
import io.martflow.transforms.deadletter.RecordJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.MapCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Each product's category as its source states it now (latest version per product id), from every
 * configured products source, keyed "source_system/product_id": the context an order line needs
 * for its tax rate. One map per run, as a side input. Lines of a source system without a products
 * source get no category (the country's rate for any category applies).
 */
final class ProductCategories extends PTransform<PBegin, PCollectionView<Map<String, String>>> {
  private static final List<String> FIELDS = List.of("product_id", "category", "updated_at");

  private final List<SourceSpec> products;
  private final ExtractDomain.Context context;

  ProductCategories(List<SourceSpec> products, ExtractDomain.Context context) {
    this.products = List.copyOf(products);
    this.context = context;
  }

  @Override
  public PCollectionView<Map<String, String>> expand(PBegin begin) {
    return begin
        .apply("Start", Create.of("products"))
        .apply("ReadCategories", ParDo.of(new ReadFn(products, context)))
        .setCoder(MapCoder.of(StringUtf8Coder.of(), NullableCoder.of(StringUtf8Coder.of())))
        .apply("AsSideInput", View.asSingleton());
  }

  static final class ReadFn extends DoFn<String, Map<String, String>> {
    private final List<SourceSpec> products;
    private final ExtractDomain.Context context;

    ReadFn(List<SourceSpec> products, ExtractDomain.Context context) {
      this.products = products;
      this.context = context;
    }

    @ProcessElement
    public void process(OutputReceiver<Map<String, String>> out) throws Exception {
      Map<String, String> categories = new HashMap<>();
      for (SourceSpec s : products) {
        if (s.kind() == SourceKind.JDBC) {
          readJdbc(s, categories);
        } else {
          readWhole(s, categories);
        }
      }
      out.output(categories);
    }

    private void readJdbc(SourceSpec s, Map<String, String> categories) throws Exception {
      String id = SqlIdentifiers.quote(s.keyColumns().get(0));
      List<String> columns = s.columns().entrySet().stream().filter(e -> FIELDS.contains(e.getKey()))
          .flatMap(e -> e.getValue().columns().stream()).distinct().toList();
      String from = s.jdbc().isQuery() ? "(" + s.jdbc().query() + ") as src"
          : SqlIdentifiers.qualified(s.jdbc().schema(), s.jdbc().table());
      String sql = "select distinct on (" + id + ") "
          + columns.stream().map(SqlIdentifiers::quote).collect(Collectors.joining(", ")) + " from " + from
          + " where " + id + " is not null order by " + id
          + (s.changeColumn() == null ? "" : ", " + SqlIdentifiers.quote(s.changeColumn()) + " desc nulls last");
      AvroRowMapper<Product> mapper = new AvroRowMapper<>(Product::new, s, columns, FIELDS);
      try (Connection c = context.connections().get(s.name()).open()) {
        c.setAutoCommit(false);
        c.setReadOnly(true);
        try (PreparedStatement tz = c.prepareStatement("select set_config('TimeZone', ?, false)")) {
          tz.setString(1, s.formats().timeZone());
          tz.execute();
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setFetchSize(10_000);
          try (ResultSet rs = ps.executeQuery()) {
            AvroRowMapper<Product>.Bound bound = mapper.bind(rs);
            while (rs.next()) {
              try {
                Product p = bound.map();
                if (p.getProductId() != null) {
                  categories.put(PriceOrderGroups.productKey(s.sourceSystem(), p.getProductId()), p.getCategory());
                }
              } catch (RowParseException e) {
                // an unparseable product has no category to give; the products load rejects it
              }
            }
          }
        }
        c.commit();
      }
    }

    private void readWhole(SourceSpec s, Map<String, String> categories) throws Exception {
      RecordKeys<Product> keys = new RecordKeys<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public String keyOf(Product p) {
          return p.getProductId() == null ? null : p.getProductId().toString();
        }

        @Override
        public Instant changedAt(Product p) {
          return p.getUpdatedAt();
        }
      };
      // Every row the source has now, whatever the window: the latest version of each product wins.
      WholeSource.Read<Product> read = WholeSource.read(s, Window.full(context.window().end()), keys,
          java.util.Set.of(), true, HttpPages.SLEEP, 0);
      Map<Long, Product> latest = new HashMap<>();
      for (WholeSource.Entry<Product> e : read.entries()) {
        if (e.item() instanceof io.martflow.io.RangeItem.Row<Product> row && row.row().getProductId() != null) {
          latest.merge(row.row().getProductId(), row.row(), ReadFn::newer);
        }
      }
      latest.forEach((id, p) -> categories.put(PriceOrderGroups.productKey(s.sourceSystem(), id), p.getCategory()));
    }

    /** The newer version (later updated_at, nulls oldest; ties broken by payload, as the Deduplicator does). */
    static Product newer(Product a, Product b) {
      Instant ta = a.getUpdatedAt();
      Instant tb = b.getUpdatedAt();
      if (ta != null && (tb == null || ta.isAfter(tb))) {
        return a;
      }
      if (tb != null && (ta == null || tb.isAfter(ta))) {
        return b;
      }
      return RecordJson.of(a).compareTo(RecordJson.of(b)) <= 0 ? a : b;
    }
  }
}
