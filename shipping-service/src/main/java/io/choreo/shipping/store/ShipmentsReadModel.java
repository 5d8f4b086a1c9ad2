package io.choreo.shipping.store;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.projection.FoldedReadModel;
import io.choreo.shipping.domain.Shipment;

/** {@code shipment}: one row per order that shipping has heard of, the fold of its Shipment events. */
@ApplicationScoped
public class ShipmentsReadModel extends FoldedReadModel {

    static final List<String> COLUMNS = List.of(
            "order_id",
            "correlation_id",
            "status",
            "carrier",
            "tracking_number",
            "country",
            "reason",
            "order_cancelled",
            "created_at",
            "updated_at");

    @Inject
    EventCodec codec;

    public ShipmentsReadModel() {
        super("shipments", "shipment", ShippingStore.AGGREGATE, "order_id", COLUMNS);
    }

    /** One row an order at most, keyed by the table's primary key; shipments are read by queries only, never while a delivery is handled. */
    @Override
    public boolean writtenAtBatchEnd() {
        return true;
    }

    @Override
    public List<List<Object>> rows(String orderId, List<EventEnvelope> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        Shipment shipment =
                Shipment.fold(orderId, events.stream().map(codec::payload).toList());
        return List.of(Arrays.asList(
                orderId,
                events.get(0).correlationId(),
                shipment.status() == null ? null : shipment.status().name(),
                shipment.carrier(),
                shipment.trackingNumber(),
                shipment.country(),
                shipment.reason(),
                shipment.orderCancelled(),
                events.get(0).occurredAt(),
                events.get(events.size() - 1).occurredAt()));
    }
}
