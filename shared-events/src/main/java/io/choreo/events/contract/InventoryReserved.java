package io.choreo.events.contract;

import java.math.BigDecimal;
import java.util.List;

/** Stock is held for the order; payment-service may now charge {@code amount}. */
public record InventoryReserved(
        String orderId,
        List<OrderItem> items,
        BigDecimal amount,
        String currency,
        String paymentMethod,
        String paymentToken,
        Address shippingAddress,
        String customerEmail)
        implements DomainEvent {}
