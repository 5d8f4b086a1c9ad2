package io.choreo.shipping.domain;

import java.util.Set;

/** When to ship and when to call a shipment off, as pure functions of an order's shipment state. */
public final class ShippingRules {

    public static final String UNSERVICEABLE = "unserviceable_destination";

    /** What to do with PaymentCompleted. */
    public enum OnPaid {
        BOOK,
        ALREADY_HANDLED,
        ORDER_CANCELLED
    }

    private ShippingRules() {}

    public static OnPaid onPaymentCompleted(ShipmentStatus status, boolean orderCancelled) {
        return onPaymentCompleted(status, false, orderCancelled);
    }

    /**
     * With a booking asked for and not yet answered ({@code bookingRequested}): book, with the same
     * key, whatever happened since; the carrier answers a key once, and its answer is recorded.
     */
    public static OnPaid onPaymentCompleted(ShipmentStatus status, boolean bookingRequested, boolean orderCancelled) {
        if (status != null) {
            return OnPaid.ALREADY_HANDLED;
        }
        if (bookingRequested) {
            return OnPaid.BOOK;
        }
        return orderCancelled ? OnPaid.ORDER_CANCELLED : OnPaid.BOOK;
    }

    /** OrderCancelled: a created shipment is called off. */
    public static boolean mustCancel(ShipmentStatus status) {
        return status == ShipmentStatus.CREATED;
    }

    /** AQ is never served; otherwise the country must be on the serviced list. */
    public static boolean isServiceable(String country, Set<String> serviced) {
        return country != null && !"AQ".equalsIgnoreCase(country) && serviced.contains(country.toUpperCase());
    }
}
