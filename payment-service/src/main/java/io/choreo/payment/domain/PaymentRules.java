package io.choreo.payment.domain;

/**
 * When to charge and when to refund, as pure functions of an order's payment state: charge an
 * order once, and only while it is not cancelled; refund exactly what is captured, once.
 */
public final class PaymentRules {

    /** What to do with InventoryReserved. */
    public enum OnReserved {
        CHARGE,
        ALREADY_CHARGED,
        ORDER_CANCELLED
    }

    private PaymentRules() {}

    public static OnReserved onInventoryReserved(PaymentStatus status, boolean orderCancelled) {
        return onInventoryReserved(status, false, orderCancelled);
    }

    /**
     * With a charge asked for and not yet answered ({@code chargeRequested}): charge, with the same
     * key, whatever happened since; the gateway answers a key once, and its answer is recorded.
     */
    public static OnReserved onInventoryReserved(
            PaymentStatus status, boolean chargeRequested, boolean orderCancelled) {
        if (status != null) {
            return OnReserved.ALREADY_CHARGED;
        }
        if (chargeRequested) {
            return OnReserved.CHARGE;
        }
        return orderCancelled ? OnReserved.ORDER_CANCELLED : OnReserved.CHARGE;
    }

    /** ShipmentFailed or OrderCancelled: money still captured goes back. */
    public static boolean mustRefund(PaymentStatus status) {
        return status == PaymentStatus.CAPTURED;
    }
}
