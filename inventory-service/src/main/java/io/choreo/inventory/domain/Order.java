package io.choreo.inventory.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.InventoryReleased;
import io.choreo.events.contract.InventoryReservationFailed;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderItem;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.OrderRejected;

/**
 * An order, the aggregate inventory-service owns: its state is the fold of its own events
 * ({@link #apply} is the only code that changes it). What other services did reaches it only
 * through inventory's answers (a ShipmentCreated becomes OrderConfirmed), so its history is
 * its own events alone. {@link #decide} turns a decision of {@link OrderRules} into the events
 * to append; the stock side of a decision is {@link Stock}'s.
 */
public final class Order {

    private final String orderId;
    private OrderStatus status;
    private String reason;
    private String reasonDetail;
    private String customerEmail;
    private List<OrderItem> items = List.of();
    private BigDecimal totalAmount;
    private String currency;
    private String paymentMethod;
    private String paymentToken;
    private Address shippingAddress;
    private boolean stockHeld;

    private Order(String orderId) {
        this.orderId = orderId;
    }

    /** The order as its events leave it; {@link #exists()} is false when none placed it. */
    public static Order fold(String orderId, List<DomainEvent> events) {
        Order order = new Order(orderId);
        events.forEach(order::apply);
        return order;
    }

    public void apply(DomainEvent event) {
        if (event instanceof OrderPlaced placed) {
            status = OrderStatus.PENDING;
            customerEmail = placed.customerEmail();
            items = placed.items().stream()
                    .map(line -> new OrderItem(
                            line.sku(),
                            line.quantity(),
                            line.price() == null ? null : line.price().amount()))
                    .toList();
            totalAmount = placed.totalAmount();
            currency = placed.currency();
            paymentMethod = placed.paymentMethod();
            paymentToken = placed.paymentToken();
            shippingAddress = placed.shippingAddress();
        } else if (event instanceof InventoryReserved) {
            stockHeld = true;
        } else if (event instanceof InventoryReleased) {
            stockHeld = false;
        } else if (event instanceof OrderRejected rejected) {
            end(OrderStatus.REJECTED, rejected.reason(), rejected.reasonDetail());
        } else if (event instanceof OrderConfirmed) {
            stockHeld = false;
            end(OrderStatus.CONFIRMED, null, null);
        } else if (event instanceof OrderCancelled cancelled) {
            end(OrderStatus.CANCELLED, cancelled.reason(), cancelled.reasonDetail());
        }
    }

    private void end(OrderStatus status, String reason, String reasonDetail) {
        this.status = status;
        this.reason = reason;
        this.reasonDetail = reasonDetail;
    }

    // --- decisions ----------------------------------------------------------------------------

    /** OrderPlaced: reserve when every SKU has enough available stock, else reject. */
    public OrderDecision onPlaced(Map<String, Integer> available) {
        return OrderRules.onPlaced(status, stockHeld, items, available);
    }

    public OrderDecision onShipmentCreated() {
        return OrderRules.onShipmentCreated(status, stockHeld);
    }

    public OrderDecision onPaymentFailed(String why) {
        return OrderRules.onPaymentFailed(status, stockHeld, why);
    }

    public OrderDecision onShipmentFailed(String why) {
        return OrderRules.onShipmentFailed(status, stockHeld, why);
    }

    public OrderDecision onTimeout(String detail) {
        return OrderRules.onTimeout(status, stockHeld, detail);
    }

    /** The order's events that carry out {@code decision}, in the order they happen. */
    public List<DomainEvent> decide(OrderDecision decision) {
        List<DomainEvent> events = new ArrayList<>();
        if (decision instanceof OrderDecision.Reserve) {
            events.add(new InventoryReserved(
                    orderId,
                    items,
                    totalAmount,
                    currency,
                    paymentMethod,
                    paymentToken,
                    shippingAddress,
                    customerEmail));
        } else if (decision instanceof OrderDecision.Reject r) {
            events.add(new InventoryReservationFailed(orderId, OrderRules.OUT_OF_STOCK, r.unavailableSkus()));
            events.add(new OrderRejected(
                    orderId,
                    customerEmail,
                    OrderRules.OUT_OF_STOCK,
                    "insufficient stock for " + String.join(", ", r.unavailableSkus())));
        } else if (decision instanceof OrderDecision.Confirm) {
            events.add(new OrderConfirmed(orderId, customerEmail, totalAmount, currency));
        } else if (decision instanceof OrderDecision.Cancel c) {
            if (c.release()) {
                events.add(new InventoryReleased(orderId, items, c.reason()));
            }
            events.add(new OrderCancelled(orderId, customerEmail, c.reason(), c.reasonDetail()));
        }
        events.forEach(this::apply);
        return events;
    }

    // --- state, for the read model and the rules --------------------------------------------

    public boolean exists() {
        return status != null;
    }

    public String orderId() {
        return orderId;
    }

    public OrderStatus status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String reasonDetail() {
        return reasonDetail;
    }

    public String customerEmail() {
        return customerEmail;
    }

    public List<OrderItem> items() {
        return items;
    }

    public BigDecimal totalAmount() {
        return totalAmount;
    }

    public String currency() {
        return currency;
    }

    public String paymentMethod() {
        return paymentMethod;
    }

    public String paymentToken() {
        return paymentToken;
    }

    public Address shippingAddress() {
        return shippingAddress;
    }

    public boolean stockHeld() {
        return stockHeld;
    }

    /** Quantities per SKU, in SKU order (the order stock is locked in). */
    public Map<String, Integer> quantities() {
        return OrderRules.quantitiesBySku(items);
    }
}
