package io.choreo.events.contract;

/** No carrier would take the shipment; payment refunds and inventory releases. */
public record ShipmentFailed(String orderId, String reason) implements DomainEvent {}
