package io.choreo.events.contract;

/** A carrier accepted the shipment; inventory turns reserved stock into sold stock. */
public record ShipmentCreated(String orderId, String carrier, String trackingNumber) implements DomainEvent {}
