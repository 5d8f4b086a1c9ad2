package io.choreo.notification.handling;

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
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderRejected;
import io.choreo.notification.service.NotificationService;
import io.choreo.notification.store.NotificationStore;
import io.smallrye.mutiny.Uni;

/** OrderConfirmed, OrderRejected, OrderCancelled -> tell the customer. */
@ApplicationScoped
public class OrderOutcomeConsumer {

    @Inject
    EventConsumer consumer;

    @Inject
    EventCodec codec;

    @Inject
    NotificationService notifications;

    @Incoming("events")
    public Uni<Void> onMessage(Message<?> message) {
        return consumer.take(message, handlers);
    }

    private EventHandlers handlers;

    @PostConstruct
    void register() {
        handlers = EventHandlers.with(codec)
                .holding(NotificationStore.AGGREGATE)
                .onCalling(OrderConfirmed.class, notifications::onOrderConfirmed)
                .onCalling(OrderRejected.class, notifications::onOrderRejected)
                .onCalling(OrderCancelled.class, notifications::onOrderCancelled);
    }

    /** The event types handled here: what the queue must be bound to. */
    public Set<String> handledTypes() {
        return handlers.types();
    }
}
