package io.choreo.payment.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.PaymentRefunded;

/**
 * The money of one order, the aggregate: its state is the fold of its events ({@link #apply} is
 * the only code that changes it), and its decisions are pure: they return the events to append.
 */
public final class Payment {

    public static final String SHIPMENT_FAILED = "shipment_failed";

    private final String orderId;
    private PaymentStatus status;
    private BigDecimal amount;
    private BigDecimal capturedAmount = BigDecimal.ZERO;
    private BigDecimal refundedAmount = BigDecimal.ZERO;
    private String currency;
    private String reason;
    private String chargeId;
    private boolean orderCancelled;
    private String cancellationReason;
    private boolean chargeRequested;

    private Payment(String orderId) {
        this.orderId = orderId;
    }

    /** The payment as its events leave it (none: nothing happened yet). */
    public static Payment fold(String orderId, List<DomainEvent> events) {
        Payment payment = new Payment(orderId);
        events.forEach(payment::apply);
        return payment;
    }

    public void apply(DomainEvent event) {
        if (event instanceof ChargeRequested requested) {
            amount = requested.amount();
            currency = requested.currency();
            chargeRequested = true;
        } else if (event instanceof PaymentCompleted completed) {
            status = PaymentStatus.CAPTURED;
            chargeId = completed.paymentId();
            amount = completed.amount();
            currency = completed.currency();
            capturedAmount = completed.amount();
        } else if (event instanceof PaymentFailed failed) {
            status = PaymentStatus.FAILED;
            reason = failed.reason();
        } else if (event instanceof PaymentRefunded refunded) {
            status = PaymentStatus.REFUNDED;
            refundedAmount = refundedAmount.add(refunded.amount());
            reason = refunded.reason();
        } else if (event instanceof CancellationNoted noted) {
            orderCancelled = true;
            cancellationReason = noted.reason();
        }
    }

    // --- decisions ----------------------------------------------------------------------------

    /**
     * InventoryReserved: charge once, and only while the order is not cancelled; a charge asked for
     * and not answered yet is asked again (with its key).
     */
    public PaymentRules.OnReserved onInventoryReserved() {
        return PaymentRules.onInventoryReserved(status, chargeRequested, orderCancelled);
    }

    /** The intent, committed before the gateway is called (none when asked already). */
    public List<DomainEvent> chargeRequested(InventoryReserved reserved) {
        return status != null || chargeRequested
                ? List.of()
                : List.of(new ChargeRequested(orderId, reserved.amount(), reserved.currency()));
    }

    /** The gateway approved the charge of {@code reserved} (nothing when its answer is recorded already). */
    public List<DomainEvent> approved(InventoryReserved reserved, String chargeId) {
        return answered(
                reserved,
                new PaymentCompleted(
                        orderId,
                        chargeId,
                        reserved.amount(),
                        reserved.currency(),
                        reserved.shippingAddress(),
                        reserved.customerEmail()));
    }

    /** The gateway declined the charge of {@code reserved}, or stayed unavailable. */
    public List<DomainEvent> declined(InventoryReserved reserved, String why) {
        return answered(reserved, new PaymentFailed(orderId, why));
    }

    private List<DomainEvent> answered(InventoryReserved reserved, DomainEvent answer) {
        if (status != null) {
            return List.of();
        }
        List<DomainEvent> events = new ArrayList<>(chargeRequested(reserved));
        events.add(answer);
        return List.copyOf(events);
    }

    /** Captured, and the order was cancelled while the gateway charged it: the capture goes back. */
    public boolean owesRefundToCancellation() {
        return mustRefund() && orderCancelled;
    }

    /** Why the order was cancelled, when payment noted the cancellation (before its charge was answered). */
    public String cancellationReason() {
        return cancellationReason;
    }

    /** What is still captured and would go back on a refund (zero when nothing is). */
    public BigDecimal refundable() {
        return PaymentRules.mustRefund(status) ? capturedAmount.subtract(refundedAmount) : BigDecimal.ZERO;
    }

    /** ShipmentFailed: the money goes back (after the gateway refunded {@link #refundable()}); once. */
    public List<DomainEvent> refunded(String why) {
        return mustRefund() ? List.of(new PaymentRefunded(orderId, refundable(), currency, why)) : List.of();
    }

    /** OrderCancelled with nothing captured: remember it if nothing was charged yet, so nothing will be. */
    public List<DomainEvent> cancelledWithoutRefund(String why) {
        return status == null && !orderCancelled ? List.of(new CancellationNoted(orderId, why)) : List.of();
    }

    public boolean mustRefund() {
        return PaymentRules.mustRefund(status);
    }

    public String orderId() {
        return orderId;
    }

    public PaymentStatus status() {
        return status;
    }

    public BigDecimal amount() {
        return amount;
    }

    public BigDecimal capturedAmount() {
        return capturedAmount;
    }

    public BigDecimal refundedAmount() {
        return refundedAmount;
    }

    public String currency() {
        return currency;
    }

    public String reason() {
        return reason;
    }

    public String chargeId() {
        return chargeId;
    }

    public boolean orderCancelled() {
        return orderCancelled;
    }
}
