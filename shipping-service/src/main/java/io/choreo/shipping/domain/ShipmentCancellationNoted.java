package io.choreo.shipping.domain;

import io.choreo.events.contract.DomainEvent;

/** Private: the order was cancelled before any shipment existed, so a payment that completes later ships nothing. */
public record ShipmentCancellationNoted(String orderId, String reason) implements DomainEvent {}
