package io.choreo.events.contract;

import java.math.BigDecimal;

/** Money was captured; shipping-service creates the shipment. */
public record PaymentCompleted(
        String orderId,
        String paymentId,
        BigDecimal amount,
        String currency,
        Address shippingAddress,
        String customerEmail)
        implements DomainEvent {}
