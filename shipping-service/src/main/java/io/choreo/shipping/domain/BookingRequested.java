package io.choreo.shipping.domain;

import io.choreo.events.contract.DomainEvent;

/** Private: where an order's shipment was to go, kept whatever the carrier answered. */
public record BookingRequested(String orderId, String country) implements DomainEvent {}
