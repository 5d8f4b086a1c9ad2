package io.choreo.inventory.handling;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.consume.EventHandlers;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentCreated;
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
        return consumer.consume(message, handlers);
    }

    private EventHandlers handlers;

    @PostConstruct
    void register() {
        handlers = EventHandlers.with(codec)
                .onEveryEvent(this::record)
                .on(OrderPlaced.class, orders::onOrderPlaced)
                .on(ShipmentCreated.class, orders::onShipmentCreated)
                .on(PaymentFailed.class, orders::onPaymentFailed)
                .on(ShipmentFailed.class, orders::onShipmentFailed);
    }

    /** The event types handled here: what the queue must be bound to. */
    public Set<String> handledTypes() {
        return handlers.types();
    }

    /** Every event of an order goes into its timeline; it causes no event of its own. */
    private Uni<List<EventEnvelope>> record(EventEnvelope event) {
        TimelineEntry entry = new TimelineEntry();
        entry.orderId = event.aggregateId();
        entry.eventId = event.eventId();
        entry.eventType = event.eventType();
        entry.source = event.source();
        entry.occurredAt = event.occurredAt();
        entry.causationId = event.causationId();
        entry.recordedAt = Instant.now();
        return entry.persist().replaceWith(List.of());
    }
}
