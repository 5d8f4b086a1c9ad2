package io.choreo.shipping.handling;

import java.util.Set;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.consume.EventHandlers;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.shipping.service.ShippingService;
import io.choreo.shipping.store.ShippingStore;
import io.smallrye.mutiny.Uni;

/** PaymentCompleted -> ship; OrderCancelled -> cancel what was shipped. */
@ApplicationScoped
public class ShippingEventConsumer {

    @Inject
    EventConsumer consumer;

    @Inject
    EventCodec codec;

    @Inject
    ShippingService shipping;

    @Incoming("events")
    public Uni<Void> onMessage(Message<?> message) {
        return consumer.take(message, handlers);
    }

    private EventHandlers handlers;

    @PostConstruct
    void register() {
        handlers = EventHandlers.with(codec)
                .holding(ShippingStore.AGGREGATE)
                .onCalling(PaymentCompleted.class, shipping::ship)
                .onCalling(OrderCancelled.class, shipping::onOrderCancelled);
    }

    /** The event types handled here: what the queue must be bound to. */
    public Set<String> handledTypes() {
        return handlers.types();
    }
}
