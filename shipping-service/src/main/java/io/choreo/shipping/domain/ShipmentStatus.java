package io.choreo.shipping.domain;

/** Where an order's shipment stands. */
public enum ShipmentStatus {
    CREATED,
    FAILED,
    CANCELLED
}
