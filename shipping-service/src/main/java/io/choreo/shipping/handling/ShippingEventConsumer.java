package io.choreo.shipping.handling;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.shipping.service.ShippingService;
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
        return consumer.consume(message, this::handle);
    }

    Uni<List<EventEnvelope>> handle(EventEnvelope event) {
        return switch (event.eventType()) {
            case "PaymentCompleted" -> shipping.ship(event, codec.payload(event, PaymentCompleted.class));
            case "OrderCancelled" ->
                shipping.cancel(
                        event, codec.payload(event, OrderCancelled.class).reason());
            default -> Uni.createFrom().item(List.of());
        };
    }
}
