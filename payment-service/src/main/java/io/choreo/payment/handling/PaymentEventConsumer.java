package io.choreo.payment.handling;

import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.consume.EventHandlers;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.payment.service.PaymentService;
import io.choreo.payment.store.PaymentStore;
import io.smallrye.mutiny.Uni;

/** InventoryReserved -> charge; ShipmentFailed -> refund; OrderCancelled -> refund what is still held. */
@ApplicationScoped
public class PaymentEventConsumer {

    @Inject
    EventConsumer consumer;

    @Inject
    EventCodec codec;

    @Inject
    PaymentService payments;

    @Incoming("events")
    public Uni<Void> onMessage(Message<?> message) {
        return consumer.take(message, handlers);
    }

    private EventHandlers handlers;

    @PostConstruct
    void register() {
        handlers = EventHandlers.with(codec)
                .holding(PaymentStore.AGGREGATE)
                .onCalling(InventoryReserved.class, payments::charge)
                .onCalling(ShipmentFailed.class, payments::onShipmentFailed)
                .onCalling(OrderCancelled.class, payments::onOrderCancelled);
    }

    /** The event types handled here: what the queue must be bound to. */
    public Set<String> handledTypes() {
        return handlers.types();
    }
}
