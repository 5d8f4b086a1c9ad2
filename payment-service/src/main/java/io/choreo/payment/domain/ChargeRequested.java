package io.choreo.payment.domain;

import java.math.BigDecimal;

import io.choreo.events.contract.DomainEvent;

/** Private: what an order's charge was for, kept whatever the gateway answered. */
public record ChargeRequested(String orderId, BigDecimal amount, String currency) implements DomainEvent {}
