package io.martflow.demo;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One day of the shop: the customers who sign up, the products that are launched and the orders
 * placed that day, each written in its state just before the cut-off (the end of the run). Every
 * day has its own random streams (from the run's seed and the date), so a day's rows do not
 * depend on how many rows earlier days had.
 */
final class DailyActivity {
  /** Orders per day at scale 1: 555 x 90 days is about 50,000 orders and 155,000 lines. */
  static final double ORDERS_PER_DAY = 555;
  static final double CUSTOMERS = 10_000;
  static final double PRODUCTS = 2_000;

  private final ShopContext ctx;
  private final long runSeed;
  private final long startEpochDay;
  private final double scale;
  private final double customersPerDay;
  private final double productsPerDay;
  private final CustomerPool customers;
  private final ProductPool products;
  private final IdSequence customerIds;
  private final IdSequence productIds;
  private final TableWriter customerWriter;
  private final TableWriter productWriter;
  private final CustomerFactory customerFactory;
  private final ProductFactory productFactory;
  private final OrderFactory orderFactory;
  private final DirtSchedule customerDirt;
  private final DirtSchedule productDirt;
  private final SplittableRandom customerDirtValues;
  private final SplittableRandom productDirtValues;

  DailyActivity(ShopContext ctx, long runSeed, long firstEpochDay, long startEpochDay, double scale,
      double customersPerDay, double productsPerDay, CustomerPool customers, ProductPool products,
      IdSequence customerIds, IdSequence productIds, IdSequence orderIds, TableWriter customerWriter,
      TableWriter productWriter, TableWriter orderWriter, TableWriter lineWriter) {
    this.ctx = ctx;
    this.runSeed = runSeed;
    this.startEpochDay = startEpochDay;
    this.scale = scale;
    this.customersPerDay = customersPerDay;
    this.productsPerDay = productsPerDay;
    this.customers = customers;
    this.products = products;
    this.customerIds = customerIds;
    this.productIds = productIds;
    this.customerWriter = customerWriter;
    this.productWriter = productWriter;
    this.customerFactory = new CustomerFactory(ctx);
    this.productFactory = new ProductFactory(ctx);
    this.customerDirt = DirtSchedule.of(ShopTable.CUSTOMERS, Seeds.random(runSeed, Seeds.DIRT_CUSTOMERS, firstEpochDay));
    this.productDirt = DirtSchedule.of(ShopTable.PRODUCTS, Seeds.random(runSeed, Seeds.DIRT_PRODUCTS, firstEpochDay));
    this.customerDirtValues = Seeds.random(runSeed, Seeds.DIRT_VALUES, Seeds.DIRT_CUSTOMERS, firstEpochDay);
    this.productDirtValues = Seeds.random(runSeed, Seeds.DIRT_VALUES, Seeds.DIRT_PRODUCTS, firstEpochDay);
    this.orderFactory = new OrderFactory(ctx, customers, products, orderIds, orderWriter, lineWriter,
        DirtSchedule.of(ShopTable.ORDERS, Seeds.random(runSeed, Seeds.DIRT_ORDERS, firstEpochDay)),
        DirtSchedule.of(ShopTable.ORDER_ITEMS, Seeds.random(runSeed, Seeds.DIRT_ORDER_ITEMS, firstEpochDay)),
        Seeds.random(runSeed, Seeds.DIRT_VALUES, Seeds.DIRT_ORDERS, firstEpochDay),
        Seeds.random(runSeed, Seeds.DIRT_VALUES, Seeds.DIRT_ORDER_ITEMS, firstEpochDay));
  }

  OrderFactory orderFactory() {
    return orderFactory;
  }

  /** Customers signing up per day after the initial base: 0.5 % of the base a day, at most 60 % over the history. */
  static double customersPerDay(double scale, int days) {
    return CUSTOMERS * scale * Math.min(0.005, 0.6 / days);
  }

  /** Products launched per day after the initial catalog: 0.2 % a day, at most 20 % over the history. */
  static double productsPerDay(double scale, int days) {
    return PRODUCTS * scale * Math.min(0.002, 0.2 / days);
  }

  /** New rows on day {@code dayIndex} (days since the start date) at a rate, spread without drift. */
  static int arrivals(double ratePerDay, double phase, long dayIndex) {
    return (int) (Math.floor(ratePerDay * (dayIndex + 1) + phase) - Math.floor(ratePerDay * dayIndex + phase));
  }

  /** New rows over the first {@code days} days. */
  static long arrivalsUntil(double ratePerDay, double phase, long days) {
    return (long) (Math.floor(ratePerDay * days + phase) - Math.floor(phase));
  }

  double signupPhase() {
    return Seeds.unit(ctx.seed, Seeds.SIGNUP_PHASE);
  }

  double launchPhase() {
    return Seeds.unit(ctx.seed, Seeds.LAUNCH_PHASE);
  }

  /** How many orders are placed on a day: 555 x scale, a weekly rhythm and +-6 % noise. */
  int ordersOn(long epochDay) {
    double expected = ORDERS_PER_DAY * scale * ShopCalendar.weekdayFactor(epochDay)
        * Math.max(0.5, 1 + 0.06 * Seeds.gaussian(runSeed, Seeds.DAILY_ORDERS, epochDay));
    return (int) Math.floor(expected + Seeds.unit(runSeed, Seeds.DAILY_ORDERS, epochDay, 1));
  }

  /**
   * Writes one day. {@code baseCustomers} and {@code baseProducts} are created in the first hour
   * (the initial import of a new shop system), the day's other rows no earlier than
   * {@code earliest}; every row is in its state just before {@code cutoff}.
   */
  void run(long epochDay, long baseCustomers, long baseProducts, long earliest, long cutoff) throws SQLException {
    long dayStart = ShopCalendar.dayStart(epochDay);
    long dayIndex = epochDay - startEpochDay;

    SplittableRandom cr = Seeds.random(runSeed, Seeds.CUSTOMERS, epochDay);
    long[] times = times(cr, baseCustomers, arrivals(customersPerDay, signupPhase(), dayIndex), dayStart, earliest);
    for (long t : times) {
      Rows.Customer c = customerFactory.create(cr, customerIds.next(), t, cutoff);
      long deletedAt = c.deleted ? c.updatedAt : Long.MAX_VALUE;
      DirtyKind kind = customerDirt.next();
      long id = c.customerId;
      if (kind != null) {
        customerFactory.soil(c, kind, customerDirtValues);
      }
      if (kind != DirtyKind.CUSTOMER_MISSING_KEY) {
        customers.add(id, t, deletedAt, c.countryIndex);
      }
      c.write(customerWriter, kind == DirtyKind.CUSTOMER_DUPLICATE);
    }

    SplittableRandom pr = Seeds.random(runSeed, Seeds.PRODUCTS, epochDay);
    times = times(pr, baseProducts, arrivals(productsPerDay, launchPhase(), dayIndex), dayStart, earliest);
    for (long t : times) {
      Rows.Product p = productFactory.create(pr, productIds.next(), t, cutoff);
      long id = p.productId;
      long price = p.listPrice;
      long retired = ProductFactory.retiredAt(p.discontinuedAt, p.active, p.createdAt);
      DirtyKind kind = productDirt.next();
      if (kind != null) {
        productFactory.soil(p, kind, productDirtValues);
      }
      if (kind != DirtyKind.PRODUCT_MISSING_KEY) {
        products.add(id, t, retired, price, p.cost, p.categoryIndex);
      }
      p.write(productWriter, kind == DirtyKind.PRODUCT_DUPLICATE);
    }

    SplittableRandom or = Seeds.random(runSeed, Seeds.ORDERS, epochDay);
    long[] orderTimes = times(or, 0, ordersOn(epochDay), dayStart, earliest);
    for (long t : orderTimes) {
      orderFactory.place(or, t, cutoff);
    }
  }

  /** Sorted creation times: {@code base} in the first hour, {@code count} over the day from {@code earliest}. */
  private static long[] times(SplittableRandom r, long base, int count, long dayStart, long earliest) {
    long[] times = new long[Math.toIntExact(base + count)];
    int i = 0;
    for (; i < base; i++) {
      times[i] = dayStart + r.nextInt(3600);
    }
    for (; i < times.length; i++) {
      long t;
      do {
        t = dayStart + ShopCalendar.secondOfDay(r);
      } while (t < earliest);
      times[i] = t;
    }
    Arrays.sort(times);
    return times;
  }
}
