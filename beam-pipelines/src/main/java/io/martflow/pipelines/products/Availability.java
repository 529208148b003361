package io.martflow.pipelines.products;

/** A product's stock situation, stored as {@link #code()}. */
public enum Availability {
  OUT_OF_STOCK("out_of_stock"),
  LOW_STOCK("low_stock"),
  IN_STOCK("in_stock");

  private final String code;

  Availability(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /**
   * out_of_stock when stock &lt;= 0 (a missing stock counts as 0: nothing is known to be
   * sellable), low_stock when stock &lt; the reorder level (the default when the product has
   * none), else in_stock.
   */
  public static Availability of(Integer stockQty, Integer reorderLevel, int defaultReorderLevel) {
    int stock = stockQty == null ? 0 : stockQty;
    int reorder = reorderLevel == null ? defaultReorderLevel : reorderLevel;
    if (stock <= 0) {
      return OUT_OF_STOCK;
    }
    return stock < reorder ? LOW_STOCK : IN_STOCK;
  }
}
