package io.martflow.demo;

import static io.martflow.demo.ShopCalendar.DAY;

import java.util.SplittableRandom;

/** Builds product rows: clean ones, and the dirty variants of {@link DirtyKind}. */
final class ProductFactory {
  static final double OUT_OF_STOCK = 0.05;
  static final double DISCONTINUED = 0.04;
  static final double INACTIVE = 0.01;
  static final double STOCK_UPDATED = 0.5;

  private final ShopContext ctx;

  ProductFactory(ShopContext ctx) {
    this.ctx = ctx;
  }

  /** A clean product created at {@code createdAt}, in its state just before {@code cutoff}. */
  Rows.Product create(SplittableRandom r, long id, long createdAt, long cutoff) {
    Catalog catalog = ctx.catalog;
    Rows.Product p = new Rows.Product();
    int cat = r.nextInt(catalog.categoryCount());
    ShopReference.Category category = catalog.category(cat);
    p.categoryIndex = cat;
    p.productId = id;
    p.category = category.category();
    p.subcategory = category.subcategory();
    p.brand = catalog.brand(r, cat);
    p.name = Catalog.productName(r, p.brand, category.subcategory());
    p.sku = Catalog.sku(category.category(), id, r);
    p.listPrice = catalog.listPrice(r, cat);
    p.cost = Math.max(1, Math.round(p.listPrice * (0.35 + 0.4 * r.nextDouble())));
    p.stockQty = r.nextDouble() < OUT_OF_STOCK ? 0 : (int) Math.round(Math.exp(r.nextDouble() * Math.log(400)));
    p.reorderLevel = 5 * (1 + r.nextInt(10));
    p.createdAt = createdAt;
    p.updatedAt = createdAt;
    if (r.nextDouble() < STOCK_UPDATED) {
      p.updatedAt = ShopCalendar.between(r, createdAt, cutoff);
    }
    double fate = r.nextDouble();
    if (fate < DISCONTINUED && cutoff - createdAt > 2 * DAY) {
      p.active = false;
      p.discontinuedAt = ShopCalendar.between(r, createdAt + DAY, cutoff);
      p.updatedAt = Math.max(p.updatedAt, p.discontinuedAt);
    } else if (fate < DISCONTINUED + INACTIVE) {
      p.active = false;
    }
    return p;
  }

  /**
   * When a product stops being sold: its discontinuation, its creation when inactive, or never
   * (Long.MAX_VALUE). The rule of a new row and of a row read back by `simulate`.
   */
  static long retiredAt(Long discontinuedAt, boolean active, long createdAt) {
    if (discontinuedAt != null) {
      return discontinuedAt;
    }
    return active ? Long.MAX_VALUE : createdAt;
  }

  void soil(Rows.Product p, DirtyKind kind, SplittableRandom v) {
    switch (kind) {
      case PRODUCT_MISSING_KEY -> p.productId = null;
      case PRODUCT_NEGATIVE_PRICE -> p.listPrice = -p.listPrice;
      case PRODUCT_CATEGORY_CASING -> p.category = Spellings.categoryCasing(v, p.category);
      case PRODUCT_UNKNOWN_CATEGORY -> p.category = ctx.spellings.unknownCategory(v);
      case PRODUCT_DUPLICATE -> { }
      default -> throw new IllegalArgumentException("not a product kind: " + kind);
    }
  }
}
