package io.choreo.inventory.handling;

import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.consume.EventHandlers;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.inventory.service.OrderService;
import io.choreo.inventory.store.OrderStore;
import io.smallrye.mutiny.Uni;

/**
 * The events that move an order on come in here: ShipmentCreated (confirm), PaymentFailed and
 * ShipmentFailed (release stock, cancel). OrderPlaced only as a release before this one left it in
 * the queue (its placement now reserves the stock itself; the binding is retired). The timelines
 * and the statistics read every event from the stream instead (package {@code stream}).
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
        return consumer.take(message, handlers);
    }

    private EventHandlers handlers;

    @PostConstruct
    void register() {
        handlers = EventHandlers.with(codec)
                .holding(OrderStore.AGGREGATE)
                .preparingBatches(orders::prepareBatch)
                .on(OrderPlaced.class, orders::onOrderPlaced)
                .on(ShipmentCreated.class, orders::onShipmentCreated)
                .on(PaymentFailed.class, orders::onPaymentFailed)
                .on(ShipmentFailed.class, orders::onShipmentFailed);
    }

    /** The event types handled here: what the queue must be bound to. */
    public Set<String> handledTypes() {
        return handlers.types();
    }
}
