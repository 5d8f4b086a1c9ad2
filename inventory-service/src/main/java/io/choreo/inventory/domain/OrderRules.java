package io.choreo.inventory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.choreo.events.contract.OrderItem;

/**
 * The rules of an order's life, as pure functions of its state: only a PENDING order moves, and
 * it moves once. Handlers translate events into these calls and the decisions into changes.
 */
public final class OrderRules {

    public static final String OUT_OF_STOCK = "out_of_stock";
    public static final String PAYMENT_FAILED = "payment_failed";
    public static final String SHIPMENT_FAILED = "shipment_failed";
    public static final String TIMED_OUT = "timed_out";

    private OrderRules() {}

    /** OrderPlaced: reserve when every SKU has enough available stock, else reject. */
    public static OrderDecision onPlaced(
            OrderStatus status, boolean stockHeld, List<OrderItem> items, Map<String, Integer> available) {
        if (status.isTerminal() || stockHeld) {
            return new OrderDecision.Ignore("order is " + status + (stockHeld ? " with stock held" : ""));
        }
        List<String> shortSkus = new ArrayList<>();
        quantitiesBySku(items).forEach((sku, wanted) -> {
            if (available.getOrDefault(sku, 0) < wanted) {
                shortSkus.add(sku);
            }
        });
        return shortSkus.isEmpty() ? new OrderDecision.Reserve() : new OrderDecision.Reject(shortSkus);
    }

    /** ShipmentCreated: the order is confirmed, unless it ended before (then shipping cancels). */
    public static OrderDecision onShipmentCreated(OrderStatus status, boolean stockHeld) {
        if (status.isTerminal() || !stockHeld) {
            return new OrderDecision.Ignore("order is " + status + "; a late shipment is cancelled by shipping");
        }
        return new OrderDecision.Confirm();
    }

    /** PaymentFailed: release the stock and cancel. */
    public static OrderDecision onPaymentFailed(OrderStatus status, boolean stockHeld, String reason) {
        return cancel(status, stockHeld, PAYMENT_FAILED, reason);
    }

    /** ShipmentFailed: release the stock and cancel (payment refunds on its own). */
    public static OrderDecision onShipmentFailed(OrderStatus status, boolean stockHeld, String reason) {
        return cancel(status, stockHeld, SHIPMENT_FAILED, reason);
    }

    /** The order waited longer than its timeout. */
    public static OrderDecision onTimeout(OrderStatus status, boolean stockHeld, String detail) {
        return cancel(status, stockHeld, TIMED_OUT, detail);
    }

    private static OrderDecision cancel(OrderStatus status, boolean stockHeld, String reason, String detail) {
        if (status.isTerminal()) {
            return new OrderDecision.Ignore("order is already " + status);
        }
        return new OrderDecision.Cancel(reason, detail, stockHeld);
    }

    /** Quantities summed per SKU, in SKU order (the order stock rows are locked in). */
    public static Map<String, Integer> quantitiesBySku(List<OrderItem> items) {
        Map<String, Integer> bySku = new TreeMap<>();
        for (OrderItem item : items) {
            bySku.merge(item.sku(), item.quantity(), Integer::sum);
        }
        return bySku;
    }
}
