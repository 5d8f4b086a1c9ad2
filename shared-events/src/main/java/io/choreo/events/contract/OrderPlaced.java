package io.choreo.events.contract;

import java.math.BigDecimal;
import java.util.List;

/** An order was accepted by inventory-service; stock is not reserved yet. */
public record OrderPlaced(
        String orderId,
        String customerEmail,
        List<OrderItem> items,
        BigDecimal totalAmount,
        String currency,
        String paymentMethod,
        String paymentToken,
        Address shippingAddress)
        implements DomainEvent {}
