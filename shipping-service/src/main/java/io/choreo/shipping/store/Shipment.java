package io.choreo.shipping.store;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.choreo.events.store.OrderRows;
import io.choreo.shipping.domain.ShipmentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** The shipment of one order. */
@Entity
@Table(name = "shipment")
public class Shipment extends PanacheEntityBase {

    @Id
    public String orderId;

    public String correlationId;

    @Enumerated(EnumType.STRING)
    public ShipmentStatus status;

    public String carrier;
    public String trackingNumber;
    public String country;
    public String reason;
    /** OrderCancelled was seen: a PaymentCompleted that comes later ships nothing. */
    public boolean orderCancelled;

    public long eventVersion;
    public Instant createdAt;
    public Instant updatedAt;

    @Version
    public long version;

    public long nextEventVersion() {
        return ++eventVersion;
    }

    /** The order's row, created if missing, locked for this transaction (handlers of one order run in turn). */
    public static Uni<Shipment> lockOrCreate(String orderId, String correlationId) {
        return OrderRows.lockOrCreate(Shipment.class, "shipment", orderId, correlationId);
    }
}
