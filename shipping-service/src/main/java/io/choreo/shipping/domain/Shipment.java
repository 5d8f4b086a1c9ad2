package io.choreo.shipping.domain;

import java.util.ArrayList;
import java.util.List;

import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.ShipmentCancelled;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.contract.ShipmentFailed;

/**
 * The shipment of one order, the aggregate: its state is the fold of its events ({@link #apply}
 * is the only code that changes it), and its decisions are pure: they return the events to append.
 */
public final class Shipment {

    private final String orderId;
    private ShipmentStatus status;
    private String carrier;
    private String trackingNumber;
    private String country;
    private String reason;
    private boolean orderCancelled;
    private String cancellationReason;
    private boolean bookingRequested;

    private Shipment(String orderId) {
        this.orderId = orderId;
    }

    /** The shipment as its events leave it (none: nothing happened yet). */
    public static Shipment fold(String orderId, List<DomainEvent> events) {
        Shipment shipment = new Shipment(orderId);
        events.forEach(shipment::apply);
        return shipment;
    }

    public void apply(DomainEvent event) {
        if (event instanceof BookingRequested requested) {
            country = requested.country();
            bookingRequested = true;
        } else if (event instanceof ShipmentCreated created) {
            status = ShipmentStatus.CREATED;
            carrier = created.carrier();
            trackingNumber = created.trackingNumber();
        } else if (event instanceof ShipmentFailed failed) {
            status = ShipmentStatus.FAILED;
            reason = failed.reason();
        } else if (event instanceof ShipmentCancelled cancelled) {
            status = ShipmentStatus.CANCELLED;
            reason = cancelled.reason();
            orderCancelled = true;
        } else if (event instanceof ShipmentCancellationNoted noted) {
            orderCancelled = true;
            cancellationReason = noted.reason();
        }
    }

    // --- decisions ----------------------------------------------------------------------------

    /**
     * PaymentCompleted: book once, and only while the order is not cancelled; a booking asked for
     * and not answered yet is asked again (with its key).
     */
    public ShippingRules.OnPaid onPaymentCompleted() {
        return ShippingRules.onPaymentCompleted(status, bookingRequested, orderCancelled);
    }

    /** The intent, committed before the carrier is called (none when asked already). */
    public List<DomainEvent> bookingRequested(PaymentCompleted paid) {
        return status != null || bookingRequested
                ? List.of()
                : List.of(new BookingRequested(orderId, destinationCountry(paid)));
    }

    /** The carrier booked the shipment of {@code paid} (nothing when its answer is recorded already). */
    public List<DomainEvent> booked(PaymentCompleted paid, String carrier, String trackingNumber) {
        return answered(paid, new ShipmentCreated(orderId, carrier, trackingNumber));
    }

    /** The carrier refused the shipment of {@code paid}, or stayed unavailable. */
    public List<DomainEvent> refused(PaymentCompleted paid, String why) {
        return answered(paid, new ShipmentFailed(orderId, why));
    }

    private List<DomainEvent> answered(PaymentCompleted paid, DomainEvent answer) {
        if (status != null) {
            return List.of();
        }
        List<DomainEvent> events = new ArrayList<>(bookingRequested(paid));
        events.add(answer);
        return List.copyOf(events);
    }

    /** OrderCancelled: a created shipment is called off (at the carrier first). */
    public boolean mustCancel() {
        return ShippingRules.mustCancel(status);
    }

    /** Created, and the order was cancelled while the carrier booked it: the shipment is called off. */
    public boolean owesCancellation() {
        return mustCancel() && orderCancelled;
    }

    /** Why the order was cancelled, when shipping noted the cancellation (before its booking was answered). */
    public String cancellationReason() {
        return cancellationReason;
    }

    /** OrderCancelled, after the carrier called the created shipment off; once. */
    public List<DomainEvent> cancelled(String why) {
        return mustCancel() ? List.of(new ShipmentCancelled(orderId, trackingNumber, why)) : List.of();
    }

    /** OrderCancelled with nothing to call off: remember it if nothing was booked yet, so nothing will be. */
    public List<DomainEvent> cancelledBeforeBooking(String why) {
        return status == null && !orderCancelled ? List.of(new ShipmentCancellationNoted(orderId, why)) : List.of();
    }

    private static String destinationCountry(PaymentCompleted paid) {
        return paid.shippingAddress() == null ? null : paid.shippingAddress().country();
    }

    public String orderId() {
        return orderId;
    }

    public ShipmentStatus status() {
        return status;
    }

    public String carrier() {
        return carrier;
    }

    public String trackingNumber() {
        return trackingNumber;
    }

    public String country() {
        return country;
    }

    public String reason() {
        return reason;
    }

    /** The order was cancelled before any shipment existed, or its shipment was called off. */
    public boolean orderCancelled() {
        return orderCancelled;
    }
}
