package io.choreo.payment.domain;

import java.math.BigDecimal;

import io.choreo.events.contract.DomainEvent;

/**
 * Private: what an order's charge was for. The intent: committed before the gateway is called, and
 * its event id is the charge's idempotency key.
 */
public record ChargeRequested(String orderId, BigDecimal amount, String currency) implements DomainEvent {}
