package io.choreo.events.contract;

import java.math.BigDecimal;

/** Captured money was returned to the customer. */
public record PaymentRefunded(String orderId, BigDecimal amount, String currency, String reason)
        implements DomainEvent {}
