package io.martflow.demo;

import static io.martflow.demo.ShopCalendar.DAY;

import java.sql.SQLException;
import java.util.SplittableRandom;

/**
 * Places orders: picks the customer (new sign-ups often order at once, regular customers by their
 * buying weight), the ship-to address, shipping method, promotion and 1 to 8 lines of products on
 * sale, prices the shipping from ref.shipping_rates, lives the order's life up to the cut-off, and
 * writes the order and its lines, dirty at the rates of {@link DirtyKind}.
 */
final class OrderFactory {
  /** A promotion code: a percentage off every line, free shipping, or an amount off one line. */
  record Promo(String code, int pctHundredths, boolean freeShipping, long amountOffCents, int weight) {}

  static final Promo[] PROMOS = {
    new Promo("SPRING15", 1500, false, 0, 3),
    new Promo("SUMMER20", 2000, false, 0, 3),
    new Promo("FLASH25", 2500, false, 0, 1),
    new Promo("VIP30", 3000, false, 0, 1),
    new Promo("FREESHIP", 0, true, 0, 3),
    new Promo("SAVE10", 0, false, 1000, 2),
  };
  static final Promo WELCOME = new Promo("WELCOME10", 1000, false, 0, 0);

  static final double WITH_PROMO = 0.12;
  static final double NEW_CUSTOMER_ORDER = 0.25;
  static final double SHIP_ELSEWHERE = 0.12;
  static final double SHIP_ABROAD = 0.03;
  static final double FEE_MISSING = 0.05;
  static final double LINE_TAX_GIVEN = 0.80;
  static final double MARKDOWN = 0.08;
  /** Lines per order, 1 to 8: mostly 1 to 3, about 3.1 on average. */
  static final double[] LINE_COUNTS = {0.22, 0.24, 0.20, 0.13, 0.09, 0.06, 0.04, 0.02};
  private static final long[] TOO_OLD = {0L, -2_208_988_800L, 946_681_199L, 946_594_800L, 315_532_800L};

  private final ShopContext ctx;
  private final CustomerPool customers;
  private final ProductPool products;
  private final IdSequence orderIds;
  private final TableWriter orders;
  private final TableWriter lines;
  private final DirtSchedule orderDirt;
  private final DirtSchedule lineDirt;
  private final SplittableRandom orderDirtValues;
  private final SplittableRandom lineDirtValues;

  OrderFactory(ShopContext ctx, CustomerPool customers, ProductPool products, IdSequence orderIds,
      TableWriter orders, TableWriter lines, DirtSchedule orderDirt, DirtSchedule lineDirt,
      SplittableRandom orderDirtValues, SplittableRandom lineDirtValues) {
    this.ctx = ctx;
    this.customers = customers;
    this.products = products;
    this.orderIds = orderIds;
    this.orders = orders;
    this.lines = lines;
    this.orderDirt = orderDirt;
    this.lineDirt = lineDirt;
    this.orderDirtValues = orderDirtValues;
    this.lineDirtValues = lineDirtValues;
  }

  static Promo promo(String code) {
    if (code == null) {
      return null;
    }
    if (code.equals(WELCOME.code())) {
      return WELCOME;
    }
    for (Promo p : PROMOS) {
      if (p.code().equals(code)) {
        return p;
      }
    }
    return null;
  }

  /** Places one order at {@code t} and writes it in its state just before {@code cutoff}. */
  void place(SplittableRandom r, long t, long cutoff) throws SQLException {
    int customer = -1;
    boolean newCustomer = false;
    if (r.nextDouble() < NEW_CUSTOMER_ORDER) {
      customer = customers.pickRecent(r, t - DAY, t);
      newCustomer = customer >= 0;
    }
    if (customer < 0) {
      customer = customers.pick(r, t);
    }
    if (customer < 0) {
      return; // nobody can order yet
    }
    long orderId = orderIds.next();
    long customerId = customers.id(customer);
    int homeCountry = customers.country(customer);

    Places.Address ship;
    double where = r.nextDouble();
    if (homeCountry < 0) {
      ship = ctx.places.address(r, ctx.places.pickCountry(r));
    } else if (where < SHIP_ABROAD) {
      ship = ctx.places.address(r, ctx.places.pickCountry(r));
    } else if (where < SHIP_ABROAD + SHIP_ELSEWHERE) {
      ship = ctx.places.address(r, homeCountry);
    } else {
      ship = ctx.homeAddress(customerId, homeCountry);
    }
    String shipCode = ship.country();
    String zone = ctx.ref.zoneOf(shipCode);
    ShopReference.ShippingRate rate = pickMethod(r, zone);

    Promo promo = null;
    if (r.nextDouble() < WITH_PROMO) {
      promo = newCustomer && r.nextBoolean() ? WELCOME : pickPromo(r);
    }

    Rows.Order o = new Rows.Order();
    o.orderId = orderId;
    o.customerId = customerId;
    o.orderTs = t;
    o.shippingMethod = rate.method();
    o.shipCountry = shipCode;
    o.shipState = ship.state();
    o.shipCity = ship.city();
    o.shipPostalCode = ship.postalCode();
    o.promoCode = promo == null ? null : promo.code();
    o.createdAt = t;

    int lineCount = lineCount(r);
    Rows.Line[] built = new Rows.Line[lineCount];
    int[] chosen = new int[lineCount];
    int n = 0;
    long itemsNet = 0;
    for (int attempt = 0; n < lineCount && attempt < lineCount * 4; attempt++) {
      int product = products.pick(r, t);
      if (product < 0 || contains(chosen, n, product)) {
        continue;
      }
      chosen[n] = product;
      Rows.Line line = line(r, orderId, n + 1, product, shipCode, promo, n == 0, t);
      itemsNet += net(line);
      built[n++] = line;
    }
    if (n == 0) {
      return; // nothing on sale: the id stays unused, like a rolled-back order
    }

    boolean free = promo != null && promo.freeShipping()
        || rate.freeThresholdCents() != null && itemsNet >= rate.freeThresholdCents();
    o.shippingFee = r.nextDouble() < FEE_MISSING ? null : free ? 0L : rate.feeCents();

    OrderLifeCycle life = OrderLifeCycle.of(ctx.seed, orderId, t, rate.slaBusinessDays(), ctx.ref.failureReasons());
    OrderLifeCycle.State state = life.stateBefore(cutoff);
    o.status = state.status();
    o.failureReason = state.failureReason();
    o.deliveredAt = state.deliveredAt();
    o.updatedAt = state.updatedAt();

    DirtyKind kind = orderDirt.next();
    if (kind != null) {
      soil(o, kind, orderDirtValues, cutoff);
    }
    o.write(orders, kind == DirtyKind.ORDER_DUPLICATE);
    if (kind == DirtyKind.ORDER_MISSING_KEY) {
      return; // a row without its key has no lines to point at it
    }
    int lineNo = 1;
    for (int i = 0; i < n; i++) {
      Rows.Line line = built[i];
      line.lineNo = lineNo;
      if (writeLine(line)) {
        lineNo++;
      }
    }
  }

  /** A clean line: the product's current price, a quantity, the promotion's discount, the tax rate. */
  Rows.Line line(SplittableRandom r, long orderId, int lineNo, int product, String shipCode, Promo promo,
      boolean firstLine, long t) {
    Rows.Line line = new Rows.Line();
    line.orderId = orderId;
    line.lineNo = lineNo;
    line.productId = products.id(product);
    double q = r.nextDouble();
    line.quantity = q < 0.70 ? 1 : q < 0.88 ? 2 : q < 0.95 ? 3 : 4 + r.nextInt(3);
    line.unitPrice = products.price(product);
    if (promo != null && promo.pctHundredths() > 0) {
      line.discountPct = (long) promo.pctHundredths();
    } else if (promo != null && promo.amountOffCents() > 0 && firstLine) {
      line.discountAmount = Math.min(promo.amountOffCents(), line.unitPrice * line.quantity);
    } else if (r.nextDouble() < MARKDOWN) {
      line.discountPct = 500L * (1 + r.nextInt(8));
    } else {
      line.discountPct = r.nextInt(10) < 7 ? 0L : null;
    }
    if (r.nextDouble() < LINE_TAX_GIVEN) {
      int cat = products.category(product);
      line.taxRate = ctx.ref.taxRate(shipCode, cat < 0 ? null : ctx.catalog.category(cat).category());
    }
    line.createdAt = t;
    line.updatedAt = t;
    return line;
  }

  /** Net amount of a clean line in cents (HALF_UP), as the pipelines price it. */
  static long net(Rows.Line line) {
    long gross = line.unitPrice * line.quantity;
    long discount;
    if (line.discountAmount != null) {
      discount = line.discountAmount;
    } else if (line.discountPct != null) {
      discount = (gross * line.discountPct + 5_000) / 10_000;
    } else {
      discount = 0;
    }
    return gross - Math.min(discount, gross);
  }

  /**
   * Writes a line, dirty at the rates of {@link DirtyKind}; returns false when the line went to
   * an order id that no order has (its line number is free for the next line).
   */
  boolean writeLine(Rows.Line line) throws SQLException {
    DirtyKind kind = lineDirt.next();
    SplittableRandom v = lineDirtValues;
    boolean kept = true;
    if (kind != null) {
      switch (kind) {
        case ITEM_ZERO_QUANTITY -> line.quantity = 0;
        case ITEM_NEGATIVE_QUANTITY -> line.quantity = -line.quantity;
        case ITEM_NEGATIVE_UNIT_PRICE -> line.unitPrice = -Math.max(1, line.unitPrice);
        case ITEM_DISCOUNT_OVER_100 -> {
          line.discountPct = new long[] {10_050, 11_000, 12_000, 15_000, 20_000, 99_999}[v.nextInt(6)];
          line.discountAmount = null;
        }
        case ITEM_MISSING_PRODUCT -> line.productId = null;
        case ITEM_ORDER_NOT_FOUND -> {
          line.orderId = orderIds.next();
          line.lineNo = 1;
          kept = false;
        }
        case ITEM_DUPLICATE -> { }
        default -> throw new IllegalArgumentException("not an order line kind: " + kind);
      }
    }
    line.write(lines, kind == DirtyKind.ITEM_DUPLICATE);
    return kept;
  }

  /** Applies an order's dirty kind; {@code historyEnd} is where "in the future" starts. */
  void soil(Rows.Order o, DirtyKind kind, SplittableRandom v, long historyEnd) {
    switch (kind) {
      case ORDER_MISSING_KEY -> o.orderId = null;
      case ORDER_MISSING_CUSTOMER -> o.customerId = null;
      case ORDER_UNKNOWN_STATUS -> o.status = ctx.spellings.unknownStatus(v);
      case ORDER_STATUS_SPELLING -> o.status = ctx.spellings.status(v, o.status);
      case ORDER_COUNTRY_NAME -> o.shipCountry = ctx.spellings.country(v, o.shipCountry);
      case ORDER_TS_IN_FUTURE -> o.orderTs = historyEnd + 2 * DAY + v.nextLong(398 * DAY);
      case ORDER_TS_TOO_OLD -> o.orderTs = TOO_OLD[v.nextInt(TOO_OLD.length)];
      case ORDER_DUPLICATE -> { }
      default -> throw new IllegalArgumentException("not an order kind: " + kind);
    }
  }

  private ShopReference.ShippingRate pickMethod(SplittableRandom r, String zone) {
    java.util.List<ShopReference.ShippingRate> rates = ctx.ref.shippingRates(zone);
    double[] weights = new double[rates.size()];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      String m = rates.get(i).method().toLowerCase(java.util.Locale.ROOT);
      weights[i] = m.contains("standard") ? 0.60 : m.contains("express") ? 0.18 : m.contains("economy") ? 0.12
          : m.contains("next") ? 0.07 : m.contains("pickup") ? 0.03 : 0.05;
      total += weights[i];
    }
    double u = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) {
        return rates.get(i);
      }
    }
    return rates.get(rates.size() - 1);
  }

  private static Promo pickPromo(SplittableRandom r) {
    int total = 0;
    for (Promo p : PROMOS) {
      total += p.weight();
    }
    int u = r.nextInt(total);
    for (Promo p : PROMOS) {
      u -= p.weight();
      if (u < 0) {
        return p;
      }
    }
    return PROMOS[0];
  }

  static int lineCount(SplittableRandom r) {
    double u = r.nextDouble();
    for (int i = 0; i < LINE_COUNTS.length; i++) {
      u -= LINE_COUNTS[i];
      if (u < 0) {
        return i + 1;
      }
    }
    return LINE_COUNTS.length;
  }

  private static boolean contains(int[] values, int n, int v) {
    for (int i = 0; i < n; i++) {
      if (values[i] == v) {
        return true;
      }
    }
    return false;
  }
}
