package io.martflow.transforms.deadletter;

/**
 * Why a row went to {@code ctl.rejects} instead of {@code stage}. The enum name is the stored
 * {@code reason_code}; the description is what the run report and the docs show.
 */
public enum RejectReason {
  MISSING_KEY("The row's natural key (or a part of it) is missing."),
  MISSING_CUSTOMER_KEY("The order has no customer_id."),
  MISSING_PRODUCT_KEY("The order line has no product_id."),
  NO_CONTACT("The customer has no name, no valid email and no valid phone after cleaning."),
  NEGATIVE_PRICE("The product's list price or cost is negative."),
  INVALID_QUANTITY("The order line's quantity is missing, zero or negative."),
  INVALID_UNIT_PRICE("The order line's unit price is missing or negative."),
  INVALID_DISCOUNT("The order line's discount percentage is outside 0..100 or its discount amount is negative."),
  INVALID_TAX_RATE("The order line's own tax rate is negative or not below 1 (rates are fractions)."),
  MISSING_ORDER_TS("The order has no order timestamp."),
  ORDER_TS_TOO_OLD("The order timestamp is before 2000-01-01 in the business time zone."),
  ORDER_TS_IN_FUTURE("The order timestamp is more than one day after the window end (or the run time in a full refresh)."),
  UNKNOWN_STATUS("The order status is missing or not found in ref.status_map."),
  QUANTITY_TOO_LARGE("The order line's quantity is above ref.settings max_line_quantity."),
  AMOUNT_OUT_OF_RANGE("An amount the order's pricing computes does not fit its column (numeric(14,2): below one trillion)."),
  TEXT_TOO_LONG("A text field is longer than ref.settings max_text_length characters after cleaning."),
  UPDATED_AT_IN_FUTURE("The row's change timestamp is more than one day after the window end (the run time in a full refresh) or the clock, whichever is later."),
  ORDER_NOT_FOUND("The order line's order is neither in this run nor in the warehouse."),
  ORDER_REJECTED("The order line belongs to an order that was rejected."),
  DUPLICATE("Another row with the same key in the same run superseded this one."),
  PARSE_ERROR("The source row could not be parsed into a record (bad type, format or encoding)."),
  CSV_FIELD_COUNT("The CSV line has more or fewer fields than the file's header."),
  CSV_QUOTING("The CSV line's quoting is broken: a quote is not closed, or text follows a closing quote."),
  ENCODING_ERROR("The line or record is not valid text in the source's declared encoding."),
  INVALID_NUMBER("A value that must be a number is not one in the source's number format."),
  INVALID_DATE("A value that must be a date or timestamp does not match the source's date or time format."),
  HTTP_INVALID_RECORD("The HTTP page holds an element that is not a JSON object where a record was expected.");

  private final String description;

  RejectReason(String description) {
    this.description = description;
  }

  /** One line saying what the code means, for reports and docs. */
  public String description() {
    return description;
  }
}
