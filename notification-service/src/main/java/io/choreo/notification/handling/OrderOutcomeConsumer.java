package io.choreo.notification.handling;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderConfirmed;
import io.choreo.events.contract.OrderRejected;
import io.choreo.notification.service.NotificationService;
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
        return consumer.consume(message, this::handle);
    }

    Uni<List<EventEnvelope>> handle(EventEnvelope event) {
        return switch (event.eventType()) {
            case "OrderConfirmed" ->
                notifications.notify(
                        event, codec.payload(event, OrderConfirmed.class).customerEmail(), null);
            case "OrderRejected" -> {
                OrderRejected rejected = codec.payload(event, OrderRejected.class);
                yield notifications.notify(event, rejected.customerEmail(), rejected.reason());
            }
            case "OrderCancelled" -> {
                OrderCancelled cancelled = codec.payload(event, OrderCancelled.class);
                yield notifications.notify(event, cancelled.customerEmail(), cancelled.reason());
            }
            default -> Uni.createFrom().item(List.of());
        };
    }
}
