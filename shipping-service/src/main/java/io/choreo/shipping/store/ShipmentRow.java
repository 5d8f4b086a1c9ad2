package io.choreo.shipping.store;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.choreo.shipping.domain.ShipmentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The read model of one order's shipment, as {@link ShipmentsReadModel} folds it from the events; queries only. */
@Entity
@Table(name = "shipment")
public class ShipmentRow extends PanacheEntityBase {

    @Id
    public String orderId;

    public String correlationId;

    @Enumerated(EnumType.STRING)
    public ShipmentStatus status;

    public String carrier;
    public String trackingNumber;
    public String country;
    public String reason;
    /** The order was cancelled before any shipment existed (a late PaymentCompleted ships nothing), or its shipment was called off. */
    public boolean orderCancelled;

    public Instant createdAt;
    public Instant updatedAt;
}
