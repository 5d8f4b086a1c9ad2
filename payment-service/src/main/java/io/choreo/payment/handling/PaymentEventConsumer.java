package io.choreo.payment.handling;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.payment.service.PaymentService;
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
        return consumer.consume(message, this::handle);
    }

    Uni<List<EventEnvelope>> handle(EventEnvelope event) {
        return switch (event.eventType()) {
            case "InventoryReserved" -> payments.charge(event, codec.payload(event, InventoryReserved.class));
            case "ShipmentFailed" -> payments.refund(event, event.aggregateId(), "shipment_failed", false);
            case "OrderCancelled" ->
                payments.refund(
                        event,
                        event.aggregateId(),
                        codec.payload(event, OrderCancelled.class).reason(),
                        true);
            default -> Uni.createFrom().item(List.of());
        };
    }
}
