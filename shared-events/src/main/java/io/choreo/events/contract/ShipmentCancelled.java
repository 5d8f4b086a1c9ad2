package io.choreo.events.contract;

/** A created shipment was called off. */
public record ShipmentCancelled(String orderId, String trackingNumber, String reason) implements DomainEvent {}
