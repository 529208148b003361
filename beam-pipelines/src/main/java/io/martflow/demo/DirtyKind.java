package io.martflow.demo;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of dirty data the demo generator injects, with its rate (a fraction of the rows the
 * generator writes to the kind's table) and what the pipelines are expected to do with it: reject
 * the row with a reason code of ctl.rejects, or repair it by a named cleaning rule. Kinds are
 * exclusive: a row carries at most one of them, so each one can be counted on its own.
 *
 * <p>The rates add up to 2-3 % of each table. A {@code *_DUPLICATE} row is an exact copy of the
 * row before it (the rate counts the copies).
 */
public enum DirtyKind {
  // KIND(table, rate, reject reason or null, repairing rule or null, what the dirty value looks like)

  // ---- customers: 2.9 % ----
  CUSTOMER_MISSING_KEY(ShopTable.CUSTOMERS, 0.003, "MISSING_KEY", null,
      "customer_id is null"),
  CUSTOMER_NO_CONTACT(ShopTable.CUSTOMERS, 0.003, "NO_CONTACT", null,
      "first_name, last_name, email and phone are all null"),
  CUSTOMER_INVALID_EMAIL(ShopTable.CUSTOMERS, 0.004, null,
      "email rule: invalid e-mail becomes null, is_email_valid = false",
      "e-mail without '@', with two '@', a space, '..', no top-level domain, a trailing dot or a comma"),
  CUSTOMER_EMAIL_NOT_NORMALIZED(ShopTable.CUSTOMERS, 0.002, null,
      "email rule: trimmed and lower-cased",
      "valid e-mail with upper-case letters or surrounding whitespace"),
  CUSTOMER_NAME_WHITESPACE(ShopTable.CUSTOMERS, 0.003, null,
      "text rule: trimmed, inner whitespace collapsed",
      "first or last name with leading, trailing or doubled spaces or a tab"),
  CUSTOMER_NAME_CASING(ShopTable.CUSTOMERS, 0.003, null,
      "name rule: title case",
      "first or last name in upper case, lower case or inverted case ('jOHN')"),
  CUSTOMER_PHONE_FORMAT(ShopTable.CUSTOMERS, 0.004, null,
      "phone rule: E.164 (with the customer's country as default region)",
      "phone in a national or international format instead of E.164 ('(201) 555-0123', '+44 7400 123456')"),
  CUSTOMER_COUNTRY_NAME(ShopTable.CUSTOMERS, 0.004, null,
      "country rule: ISO alpha-2 from ref.countries / ref.country_aliases",
      "country as a name, alias, alpha-3 or mis-cased code instead of the alpha-2 code"),
  CUSTOMER_DUPLICATE(ShopTable.CUSTOMERS, 0.003, "DUPLICATE", null,
      "exact copy of another customer row"),

  // ---- products: 2.5 % ----
  PRODUCT_MISSING_KEY(ShopTable.PRODUCTS, 0.004, "MISSING_KEY", null,
      "product_id is null"),
  PRODUCT_NEGATIVE_PRICE(ShopTable.PRODUCTS, 0.005, "NEGATIVE_PRICE", null,
      "list_price below zero"),
  PRODUCT_CATEGORY_CASING(ShopTable.PRODUCTS, 0.007, null,
      "category rule: matched case-insensitively to ref.categories",
      "category of ref.categories in another case or with extra whitespace"),
  PRODUCT_UNKNOWN_CATEGORY(ShopTable.PRODUCTS, 0.005, null,
      "category rule: 'Uncategorized', flagged",
      "category that is not in ref.categories"),
  PRODUCT_DUPLICATE(ShopTable.PRODUCTS, 0.004, "DUPLICATE", null,
      "exact copy of another product row"),

  // ---- orders: 2.5 % ----
  ORDER_MISSING_KEY(ShopTable.ORDERS, 0.003, "MISSING_KEY", null,
      "order_id is null (the order has no lines)"),
  ORDER_MISSING_CUSTOMER(ShopTable.ORDERS, 0.003, "MISSING_CUSTOMER_KEY", null,
      "customer_id is null"),
  ORDER_UNKNOWN_STATUS(ShopTable.ORDERS, 0.003, "UNKNOWN_STATUS", null,
      "status missing or not in ref.status_map ('on hold', 'backordered', ...)"),
  ORDER_STATUS_SPELLING(ShopTable.ORDERS, 0.006, null,
      "status rule: canonical status through ref.status_map",
      "status mis-cased, with other separators, a synonym or another language ('SHIPPED', 'versandt')"),
  ORDER_COUNTRY_NAME(ShopTable.ORDERS, 0.004, null,
      "country rule: ISO alpha-2 from ref.countries / ref.country_aliases",
      "ship_country as a name, alias, alpha-3 or mis-cased code"),
  ORDER_TS_IN_FUTURE(ShopTable.ORDERS, 0.0015, "ORDER_TS_IN_FUTURE", null,
      "order_ts 2 to 400 days after the end of the history (created_at and updated_at are not)"),
  ORDER_TS_TOO_OLD(ShopTable.ORDERS, 0.0015, "ORDER_TS_TOO_OLD", null,
      "order_ts before 2000-01-01 (1970-01-01, 1900-01-01, 1999-12-31 ...)"),
  ORDER_DUPLICATE(ShopTable.ORDERS, 0.003, "DUPLICATE", null,
      "exact copy of another order row"),

  // ---- order_items: 2.4 % ----
  ITEM_ZERO_QUANTITY(ShopTable.ORDER_ITEMS, 0.003, "INVALID_QUANTITY", null,
      "quantity = 0"),
  ITEM_NEGATIVE_QUANTITY(ShopTable.ORDER_ITEMS, 0.003, "INVALID_QUANTITY", null,
      "quantity < 0"),
  ITEM_NEGATIVE_UNIT_PRICE(ShopTable.ORDER_ITEMS, 0.003, "INVALID_UNIT_PRICE", null,
      "unit_price < 0"),
  ITEM_DISCOUNT_OVER_100(ShopTable.ORDER_ITEMS, 0.003, "INVALID_DISCOUNT", null,
      "discount_pct above 100"),
  ITEM_MISSING_PRODUCT(ShopTable.ORDER_ITEMS, 0.004, "MISSING_PRODUCT_KEY", null,
      "product_id is null"),
  ITEM_ORDER_NOT_FOUND(ShopTable.ORDER_ITEMS, 0.004, "ORDER_NOT_FOUND", null,
      "line of an order_id that no order has (a skipped order id; never used by a later order)"),
  ITEM_DUPLICATE(ShopTable.ORDER_ITEMS, 0.004, "DUPLICATE", null,
      "exact copy of another order line");

  private final ShopTable table;
  private final double rate;
  private final String rejectReason;
  private final String repairedBy;
  private final String description;

  DirtyKind(ShopTable table, double rate, String rejectReason, String repairedBy, String description) {
    this.table = table;
    this.rate = rate;
    this.rejectReason = rejectReason;
    this.repairedBy = repairedBy;
    this.description = description;
  }

  public ShopTable table() {
    return table;
  }

  /** Fraction of the table's generated rows that carry this kind. */
  public double rate() {
    return rate;
  }

  /** The ctl.rejects reason code the pipelines give such a row, or empty when they repair it. */
  public Optional<String> rejectReason() {
    return Optional.ofNullable(rejectReason);
  }

  public boolean isRejected() {
    return rejectReason != null;
  }

  /** What the pipelines do: {@code reject MISSING_KEY} or {@code repaired by <rule>}. */
  public String expectedOutcome() {
    return rejectReason != null ? "reject " + rejectReason : "repaired by " + repairedBy;
  }

  /** What the dirty value looks like. */
  public String description() {
    return description;
  }

  public static List<DirtyKind> of(ShopTable table) {
    return Arrays.stream(values()).filter(k -> k.table == table).toList();
  }

  /** The sum of the rates of a table's kinds. */
  public static double totalRate(ShopTable table) {
    return of(table).stream().mapToDouble(DirtyKind::rate).sum();
  }
}
