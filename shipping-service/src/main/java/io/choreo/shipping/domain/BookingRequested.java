package io.choreo.shipping.domain;

import io.choreo.events.contract.DomainEvent;

/**
 * Private: where an order's shipment was to go. The intent: committed before the carrier is called,
 * and its event id is the booking's idempotency key.
 */
public record BookingRequested(String orderId, String country) implements DomainEvent {}
