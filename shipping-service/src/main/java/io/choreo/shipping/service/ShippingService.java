package io.choreo.shipping.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.ShipmentCancelled;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.shipping.carrier.Booking;
import io.choreo.shipping.carrier.GuardedCarrier;
import io.choreo.shipping.domain.ShipmentStatus;
import io.choreo.shipping.domain.ShippingRules;
import io.choreo.shipping.store.Shipment;
import io.smallrye.mutiny.Uni;

/** Books and cancels shipments, each in the transaction of the event that asked for it. */
@ApplicationScoped
public class ShippingService {

    private static final Logger LOG = Logger.getLogger(ShippingService.class);
    public static final String SOURCE = "shipping-service";

    @Inject
    GuardedCarrier carrier;

    @Inject
    EventCodec codec;

    /** PaymentCompleted: book the shipment once; ShipmentCreated or ShipmentFailed. */
    public Uni<List<EventEnvelope>> ship(EventEnvelope cause, PaymentCompleted paid) {
        return Shipment.lockOrCreate(paid.orderId(), cause.correlationId()).chain(shipment -> {
            switch (ShippingRules.onPaymentCompleted(shipment.status, shipment.orderCancelled)) {
                case ALREADY_HANDLED:
                    return none();
                case ORDER_CANCELLED:
                    LOG.infof("order %s was cancelled before payment completed; not shipping", paid.orderId());
                    return none();
                default:
                    break;
            }
            shipment.country = paid.shippingAddress() == null
                    ? null
                    : paid.shippingAddress().country();
            return carrier.book(paid.orderId(), paid.shippingAddress())
                    .onFailure(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class)
                    .recoverWithItem(failure -> {
                        LOG.warnf("booking order %s timed out after retries: %s", paid.orderId(), failure.toString());
                        return new Booking.Refused("carrier_unavailable");
                    })
                    .map(booking -> {
                        shipment.updatedAt = Instant.now();
                        if (booking instanceof Booking.Booked booked) {
                            shipment.status = ShipmentStatus.CREATED;
                            shipment.carrier = booked.carrier();
                            shipment.trackingNumber = booked.trackingNumber();
                            return List.of(event(
                                    shipment,
                                    cause,
                                    new ShipmentCreated(paid.orderId(), booked.carrier(), booked.trackingNumber())));
                        }
                        shipment.status = ShipmentStatus.FAILED;
                        shipment.reason = ((Booking.Refused) booking).reason();
                        return List.of(event(shipment, cause, new ShipmentFailed(paid.orderId(), shipment.reason)));
                    });
        });
    }

    /** OrderCancelled: call off a created shipment, and remember the cancellation. */
    /** OrderCancelled: a shipment that was created is called off. */
    public Uni<List<EventEnvelope>> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        return cancel(cause, cancelled.reason());
    }

    private Uni<List<EventEnvelope>> cancel(EventEnvelope cause, String reason) {
        return Shipment.lockOrCreate(cause.aggregateId(), cause.correlationId()).chain(shipment -> {
            shipment.orderCancelled = true;
            if (!ShippingRules.mustCancel(shipment.status)) {
                return none();
            }
            return carrier.cancel(shipment.orderId, shipment.trackingNumber).map(ignored -> {
                shipment.status = ShipmentStatus.CANCELLED;
                shipment.reason = reason;
                shipment.updatedAt = Instant.now();
                return List.of(event(
                        shipment, cause, new ShipmentCancelled(shipment.orderId, shipment.trackingNumber, reason)));
            });
        });
    }

    private EventEnvelope event(Shipment shipment, EventEnvelope cause, DomainEvent event) {
        return codec.envelope(
                event,
                "Shipment",
                shipment.nextEventVersion(),
                cause.correlationId(),
                cause.eventId().toString(),
                SOURCE);
    }

    private static Uni<List<EventEnvelope>> none() {
        return Uni.createFrom().item(List.of());
    }
}
