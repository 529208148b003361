package io.martflow.transforms.pricing;

import io.martflow.io.Records;
import io.martflow.model.Order;
import io.martflow.model.OrderItem;
import io.martflow.reference.ReferenceData;
import io.martflow.transforms.cleaning.RunContext;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Prices an order from its cleaned lines. Both the orders and the order_items pipelines call this
 * one method, so an order's totals and its lines' amounts always agree to the cent.
 */
public final class OrderPricer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TaxRates taxRates;
  private final ShippingFee shippingFee;
  private final RunContext context;

  public OrderPricer(ReferenceData ref, RunContext context) {
    this.taxRates = new TaxRates(ref);
    this.shippingFee = new ShippingFee(ref);
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Returns new records (the inputs are not changed): each line with ship_country from the order
   * and its amounts; the order with line_count, units, items_gross, discount_total, items_net,
   * tax_total, shipping_fee, order_total, estimated_delivery_date, is_late and delivery_days.
   *
   * @param pricesIncludeTax true when the source's unit prices already include tax
   * @throws IllegalArgumentException when a line belongs to another order
   */
  public PricedOrder price(Order cleanedOrder, List<OrderItem> cleanedLines, boolean pricesIncludeTax) {
    List<OrderItem> sorted = new ArrayList<>(cleanedLines);
    sorted.sort(Comparator.comparing(OrderItem::getLineNo, Comparator.nullsLast(Comparator.naturalOrder())));
    List<OrderItem> pricedLines = new ArrayList<>(sorted.size());
    List<LinePrice> prices = new ArrayList<>(sorted.size());
    for (OrderItem line : sorted) {
      requireSameOrder(cleanedOrder, line);
      LinePrice price = priceLine(cleanedOrder, line, pricesIncludeTax);
      prices.add(price);
      pricedLines.add(withPrice(line, cleanedOrder.getShipCountry(), price));
    }
    OrderTotals itemTotals = OrderTotals.ofLines(prices);
    ShippingQuote shipping = shippingFee.quote(cleanedOrder.getShippingFee(),
        cleanedOrder.getShippingMethod(), cleanedOrder.getShipCountry(), itemTotals.itemsNet());
    OrderTotals totals = itemTotals.withShippingFee(shipping.fee());
    return new PricedOrder(withTotals(cleanedOrder, totals, shipping), pricedLines);
  }

  private LinePrice priceLine(Order order, OrderItem line, boolean pricesIncludeTax) {
    return LinePricing.price(line.getUnitPrice(), line.getQuantity(), line.getDiscountPct(),
        line.getDiscountAmount(),
        taxRates.rateFor(line.getTaxRate(), order.getShipCountry(), line.getCategory()),
        pricesIncludeTax);
  }

  private static OrderItem withPrice(OrderItem line, String shipCountry, LinePrice price) {
    OrderItem copy = Records.copy(line);
    copy.setShipCountry(shipCountry);
    copy.setGrossAmount(price.gross());
    copy.setDiscountApplied(price.discount());
    copy.setNetAmount(price.net());
    copy.setAppliedTaxRate(price.taxRate());
    copy.setTaxAmount(price.tax());
    copy.setLineTotal(price.total());
    copy.setUnitNetPrice(price.unitNetPrice());
    return copy;
  }

  private Order withTotals(Order order, OrderTotals totals, ShippingQuote shipping) {
    LocalDate orderDate = order.getOrderDate() != null
        ? order.getOrderDate()
        : context.businessDate(order.getOrderTs());
    LocalDate estimated = orderDate == null
        ? null
        : DeliveryEstimator.estimatedDeliveryDate(orderDate, shipping.slaBusinessDays());
    LocalDate delivered = context.businessDate(order.getDeliveredAt());
    Order copy = Records.copy(order);
    copy.setOrderDate(orderDate);
    copy.setLineCount(totals.lineCount());
    copy.setUnits(totals.units());
    copy.setItemsGross(totals.itemsGross());
    copy.setDiscountTotal(totals.discountTotal());
    copy.setItemsNet(totals.itemsNet());
    copy.setTaxTotal(totals.taxTotal());
    copy.setShippingFee(totals.shippingFee());
    copy.setOrderTotal(totals.orderTotal());
    copy.setEstimatedDeliveryDate(estimated);
    copy.setIsLate(DeliveryEstimator.isLate(delivered, estimated));
    copy.setDeliveryDays(DeliveryEstimator.deliveryDays(orderDate, delivered));
    return copy;
  }

  private static void requireSameOrder(Order order, OrderItem line) {
    if (!Objects.equals(order.getOrderId(), line.getOrderId())
        || !Objects.equals(order.getSourceSystem(), line.getSourceSystem())) {
      throw new IllegalArgumentException("line " + line.getSourceSystem() + "/" + line.getOrderId()
          + "/" + line.getLineNo() + " does not belong to order " + order.getSourceSystem() + "/"
          + order.getOrderId());
    }
  }
}
