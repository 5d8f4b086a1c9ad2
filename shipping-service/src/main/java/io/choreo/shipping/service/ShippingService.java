package io.choreo.shipping.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.shipping.carrier.Booking;
import io.choreo.shipping.carrier.GuardedCarrier;
import io.choreo.shipping.domain.Shipment;
import io.choreo.shipping.store.ShippingStore;
import io.smallrye.mutiny.Uni;

/** Books and cancels shipments: load the order's shipment, decide, call the carrier, append what happened. */
@ApplicationScoped
public class ShippingService {

    private static final Logger LOG = Logger.getLogger(ShippingService.class);
    public static final String CARRIER_UNAVAILABLE = "carrier_unavailable";

    @Inject
    GuardedCarrier carrier;

    @Inject
    ShippingStore shipments;

    /**
     * PaymentCompleted: book the shipment once; ShipmentCreated or ShipmentFailed. The shipment is
     * held first: a cancellation that raced the booking must wait for it, or the retry of this
     * append would find the order cancelled and record nothing of a real booking.
     */
    public Uni<List<EventEnvelope>> ship(EventEnvelope cause, PaymentCompleted paid) {
        return shipments.hold(paid.orderId()).chain(loaded -> {
            Shipment shipment = loaded.shipment();
            switch (shipment.onPaymentCompleted()) {
                case ALREADY_HANDLED:
                    return none();
                case ORDER_CANCELLED:
                    LOG.infof("order %s was cancelled before payment completed; not shipping", paid.orderId());
                    return none();
                default:
                    break;
            }
            return carrier.book(paid.orderId(), paid.shippingAddress())
                    // The carrier timed out through every retry: that is the order's answer. Any other
                    // failure (an open circuit, a bug) fails the handling, which the broker retries later.
                    .onFailure(TimeoutException.class)
                    .recoverWithItem(failure -> {
                        LOG.warnf("booking order %s timed out after retries: %s", paid.orderId(), failure.toString());
                        return new Booking.Refused(CARRIER_UNAVAILABLE);
                    })
                    .chain(booking -> shipments.append(
                            loaded,
                            cause,
                            booking instanceof Booking.Booked booked
                                    ? shipment.booked(paid, booked.carrier(), booked.trackingNumber())
                                    : shipment.refused(paid, ((Booking.Refused) booking).reason())));
        });
    }

    /** OrderCancelled: a shipment that was created is called off; before any, the cancellation is remembered. */
    public Uni<List<EventEnvelope>> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        String orderId = cancelled.orderId();
        return shipments
                .load(orderId)
                .chain(loaded -> loaded.shipment().mustCancel()
                        // Two cancellations may race: the carrier's cancel is idempotent and the version lets one
                        // stand.
                        ? cancel(cause, loaded, cancelled.reason())
                        // Nothing booked: wait for a booking in flight, and decide again on what it left.
                        : shipments
                                .hold(orderId)
                                .chain(held -> held.shipment().mustCancel()
                                        ? cancel(cause, held, cancelled.reason())
                                        : shipments.append(
                                                held,
                                                cause,
                                                held.shipment().cancelledBeforeBooking(cancelled.reason()))));
    }

    private Uni<List<EventEnvelope>> cancel(EventEnvelope cause, ShippingStore.Loaded loaded, String reason) {
        Shipment shipment = loaded.shipment();
        return carrier.cancel(shipment.orderId(), shipment.trackingNumber())
                .chain(() -> shipments.append(loaded, cause, shipment.cancelled(reason)));
    }

    private static Uni<List<EventEnvelope>> none() {
        return Uni.createFrom().item(List.of());
    }
}
