package io.choreo.inventory.handling;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.inventory.service.OrderService;
import io.choreo.inventory.store.TimelineEntry;
import io.smallrye.mutiny.Uni;

/**
 * Every event of every order comes in here. Each is written to its order's timeline; these move
 * the order on: OrderPlaced (reserve stock), ShipmentCreated (confirm), PaymentFailed and
 * ShipmentFailed (release stock, cancel).
 */
@ApplicationScoped
public class OrderEventConsumer {

    @Inject
    EventConsumer consumer;

    @Inject
    EventCodec codec;

    @Inject
    OrderService orders;

    @Incoming("events")
    public Uni<Void> onMessage(Message<?> message) {
        return consumer.consume(message, this::handle);
    }

    Uni<List<EventEnvelope>> handle(EventEnvelope event) {
        return record(event).chain(() -> switch (event.eventType()) {
            case "OrderPlaced" -> orders.reserve(event);
            case "ShipmentCreated" -> orders.onShipmentCreated(event);
            case "PaymentFailed" -> orders.onPaymentFailed(event, codec.payload(event, PaymentFailed.class));
            case "ShipmentFailed" -> orders.onShipmentFailed(event, codec.payload(event, ShipmentFailed.class));
            default -> Uni.createFrom().item(List.<EventEnvelope>of());
        });
    }

    private Uni<Void> record(EventEnvelope event) {
        TimelineEntry entry = new TimelineEntry();
        entry.orderId = event.aggregateId();
        entry.eventId = event.eventId();
        entry.eventType = event.eventType();
        entry.source = event.source();
        entry.occurredAt = event.occurredAt();
        entry.causationId = event.causationId();
        entry.recordedAt = Instant.now();
        return entry.persist().replaceWithVoid();
    }
}
