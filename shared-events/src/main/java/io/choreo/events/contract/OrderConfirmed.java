package io.choreo.events.contract;

import java.math.BigDecimal;

/** Terminal: the order is CONFIRMED. */
public record OrderConfirmed(String orderId, String customerEmail, BigDecimal totalAmount, String currency)
        implements DomainEvent {}
