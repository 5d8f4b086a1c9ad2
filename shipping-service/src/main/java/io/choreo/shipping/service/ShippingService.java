package io.choreo.shipping.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.Step;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.shipping.carrier.Booking;
import io.choreo.shipping.carrier.GuardedCarrier;
import io.choreo.shipping.domain.Shipment;
import io.choreo.shipping.store.ShippingStore;
import io.smallrye.mutiny.Uni;

/** Books and cancels shipments: hold the order's shipment, decide and commit the intent, call the carrier, record what it said. */
@ApplicationScoped
public class ShippingService {

    private static final Logger LOG = Logger.getLogger(ShippingService.class);
    public static final String CARRIER_UNAVAILABLE = "carrier_unavailable";

    @Inject
    GuardedCarrier carrier;

    @Inject
    ShippingStore shipments;

    /**
     * PaymentCompleted: book the shipment once; ShipmentCreated or ShipmentFailed. Transaction 1
     * holds the shipment, decides and commits BookingRequested (the intent); the carrier is called
     * after that commit, outside any transaction, keyed by the BookingRequested's id; transaction 2
     * holds and reloads the shipment and records the answer. A crash in between brings the payment
     * back, which finds the booking asked for and asks again with the same key.
     */
    public Uni<Step> ship(EventEnvelope cause, PaymentCompleted paid) {
        return shipments.hold(paid.orderId()).chain(loaded -> {
            Shipment shipment = loaded.shipment();
            switch (shipment.onPaymentCompleted()) {
                case ALREADY_HANDLED:
                    // A booking whose order was cancelled during it, and whose cancellation did not commit yet.
                    return Uni.createFrom()
                            .item(
                                    shipment.owesCancellation()
                                            ? cancel(
                                                    cause,
                                                    List.of(),
                                                    ShippingStore.cancelKey(loaded),
                                                    shipment,
                                                    shipment.cancellationReason())
                                            : Step.done(List.of()));
                case ORDER_CANCELLED:
                    LOG.infof("order %s was cancelled before payment completed; not shipping", paid.orderId());
                    return Uni.createFrom().item(Step.done(List.of()));
                default:
                    break;
            }
            return shipments
                    .append(loaded, cause, shipment.bookingRequested(paid))
                    .map(intent -> {
                        String key = intent.isEmpty()
                                ? ShippingStore.bookingKey(loaded)
                                : intent.get(0).eventId().toString();
                        return Step.call(intent, () -> book(key, paid), booking -> recordBooking(cause, paid, booking));
                    });
        });
    }

    /** The carrier's answer, outside any transaction. */
    private Uni<Booking> book(String key, PaymentCompleted paid) {
        return carrier.book(key, paid.orderId(), paid.shippingAddress())
                // The carrier timed out through every retry: that is the order's answer. An open
                // circuit is an outage (waited out, tries unspent); a bug fails the handling.
                .onFailure(TimeoutException.class)
                .recoverWithItem(failure -> {
                    LOG.warnf("booking order %s timed out after retries: %s", paid.orderId(), failure.toString());
                    return new Booking.Refused(CARRIER_UNAVAILABLE);
                });
    }

    /**
     * Transaction 2: the answer is recorded on the shipment as it is now. A cancellation noted while
     * the carrier booked leaves a shipment that must be called off: the cancellation follows.
     */
    private Uni<Step> recordBooking(EventEnvelope cause, PaymentCompleted paid, Booking booking) {
        return shipments.hold(paid.orderId()).chain(loaded -> {
            Shipment shipment = loaded.shipment();
            List<DomainEvent> decided = booking instanceof Booking.Booked booked
                    ? shipment.booked(paid, booked.carrier(), booked.trackingNumber())
                    : shipment.refused(paid, ((Booking.Refused) booking).reason());
            return shipments.append(loaded, cause, decided).map(recorded -> {
                decided.forEach(shipment::apply);
                if (!shipment.owesCancellation()) {
                    return Step.done(recorded);
                }
                LOG.infof("order %s was cancelled while it was booked; calling the shipment off", paid.orderId());
                String key = recorded.stream()
                        .filter(e -> e.eventType().equals(ShipmentCreated.class.getSimpleName()))
                        .findFirst()
                        .map(e -> e.eventId().toString())
                        .orElseGet(() -> ShippingStore.cancelKey(loaded));
                return cancel(cause, recorded, key, shipment, shipment.cancellationReason());
            });
        });
    }

    /**
     * OrderCancelled: a shipment that was created is called off (its intent is the committed
     * shipment itself: the carrier is called with the key of its ShipmentCreated, outside any
     * transaction, and the cancellation recorded after); before any, the cancellation is remembered.
     */
    public Uni<Step> onOrderCancelled(EventEnvelope cause, OrderCancelled cancelled) {
        String orderId = cancelled.orderId();
        return shipments
                .load(orderId)
                .chain(loaded -> loaded.shipment().mustCancel()
                        // Two cancellations may race: both ask with the same key, and the version lets one record
                        // stand.
                        ? Uni.createFrom().item(cancel(cause, loaded, cancelled.reason()))
                        // Nothing booked: decide on what a booking in flight left (a booking asked for and not
                        // answered yet calls itself off when its answer finds the cancellation noted).
                        : shipments
                                .hold(orderId)
                                .chain(held -> held.shipment().mustCancel()
                                        ? Uni.createFrom().item(cancel(cause, held, cancelled.reason()))
                                        : shipments
                                                .append(
                                                        held,
                                                        cause,
                                                        held.shipment().cancelledBeforeBooking(cancelled.reason()))
                                                .map(Step::done)));
    }

    private Step cancel(EventEnvelope cause, ShippingStore.Loaded loaded, String reason) {
        return cancel(cause, List.of(), ShippingStore.cancelKey(loaded), loaded.shipment(), reason);
    }

    private Step cancel(
            EventEnvelope cause, List<EventEnvelope> committed, String key, Shipment shipment, String reason) {
        String orderId = shipment.orderId();
        return Step.call(committed, () -> carrier.cancel(key, orderId, shipment.trackingNumber()), done -> shipments
                .load(orderId)
                .chain(loaded ->
                        shipments.append(loaded, cause, loaded.shipment().cancelled(reason)))
                .map(Step::done));
    }
}
