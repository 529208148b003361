package io.martflow.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/** Names, brands and price ranges of the demo products, by ref.categories row. */
final class Catalog {
  private static final String[] ADJECTIVES = {"Classic", "Pro", "Essential", "Premium", "Compact", "Ultra", "Eco",
      "Smart", "Deluxe", "Everyday", "Signature", "Lite", "Max", "Studio", "Travel", "Urban"};

  /** Price range (cents) and brands of the categories whose names contain a keyword. */
  record Hint(String keyword, long minCents, long maxCents, String[] brands) {}

  private final List<Hint> hints = new ArrayList<>();
  private final Hint fallback;
  private final Hint[] hintOfCategory;
  private final List<ShopReference.Category> categories;

  Catalog(ShopReference ref) {
    Hint def = null;
    for (String[] row : Resources.tsv("catalog.tsv")) {
      Hint h = new Hint(row[0], Long.parseLong(row[1]) * 100, Long.parseLong(row[2]) * 100, row[3].split(","));
      if (h.keyword().equals("default")) {
        def = h;
      } else {
        hints.add(h);
      }
    }
    this.fallback = def;
    this.categories = ref.categories();
    this.hintOfCategory = new Hint[categories.size()];
    for (int i = 0; i < categories.size(); i++) {
      ShopReference.Category c = categories.get(i);
      hintOfCategory[i] = hintFor((c.subcategory() + " " + c.category() + " " + c.department()).toLowerCase(Locale.ROOT));
    }
  }

  private Hint hintFor(String text) {
    for (Hint h : hints) {
      if (text.contains(h.keyword())) {
        return h;
      }
    }
    return fallback;
  }

  int categoryCount() {
    return categories.size();
  }

  ShopReference.Category category(int i) {
    return categories.get(i);
  }

  String brand(SplittableRandom r, int category) {
    String[] brands = hintOfCategory[category].brands();
    return brands[r.nextInt(brands.length)];
  }

  /** A list price in cents, log-uniform in the category's range, ending in .99, .95 or .00. */
  long listPrice(SplittableRandom r, int category) {
    Hint h = hintOfCategory[category];
    double lo = Math.log(h.minCents());
    double hi = Math.log(h.maxCents());
    long cents = Math.round(Math.exp(lo + r.nextDouble() * (hi - lo)));
    long whole = Math.max(1, cents / 100);
    int ending = r.nextInt(10);
    return ending < 7 ? whole * 100 - 1 : ending < 9 ? whole * 100 - 5 : whole * 100;
  }

  /** 'Zentek Pro Laptop 214' from brand, an adjective, the subcategory and a model number. */
  static String productName(SplittableRandom r, String brand, String subcategory) {
    return brand + " " + ADJECTIVES[r.nextInt(ADJECTIVES.length)] + " " + singular(subcategory) + " "
        + (r.nextInt(4) == 0 ? (char) ('A' + r.nextInt(26)) + "-" : "") + (10 + r.nextInt(990));
  }

  static String singular(String word) {
    if (word.endsWith("ies") && word.length() > 4) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.endsWith("s") && !word.endsWith("ss") && word.length() > 3) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /** SKU: three letters of the category and the product id, e.g. 'LAP-000214-K'. */
  static String sku(String category, long productId, SplittableRandom r) {
    String letters = People.asciiWord(category).toUpperCase(Locale.ROOT);
    letters = (letters + "XXX").substring(0, 3);
    return String.format(Locale.ROOT, "%s-%06d-%c", letters, productId, (char) ('A' + r.nextInt(26)));
  }
}
