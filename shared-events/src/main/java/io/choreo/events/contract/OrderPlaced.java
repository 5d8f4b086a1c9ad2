package io.choreo.events.contract;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order was accepted by inventory-service; stock is not reserved yet. Schema version 2: each
 * line's price is {@code {amount, currency}} (version 1 had a bare {@code unitPrice}; readers lift
 * it with {@link io.choreo.events.Upcasters#ORDER_PLACED_PRICES}).
 */
public record OrderPlaced(
        String orderId,
        String customerEmail,
        List<Line> items,
        BigDecimal totalAmount,
        String currency,
        String paymentMethod,
        String paymentToken,
        Address shippingAddress)
        implements DomainEvent {

    /** One line of the order: how many of a SKU, at which price each. */
    public record Line(String sku, int quantity, Money price) {}
}
