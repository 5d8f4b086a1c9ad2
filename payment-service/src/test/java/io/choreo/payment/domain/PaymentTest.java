package io.choreo.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderItem;

/** The Payment aggregate without Quarkus: what it decides, and that its state is the fold of what it decided. */
class PaymentTest {

    static final InventoryReserved RESERVED = new InventoryReserved(
            "o-1",
            List.of(new OrderItem("SKU-001", 2, new BigDecimal("19.99"))),
            new BigDecimal("39.98"),
            "EUR",
            "CARD",
            "tok_visa",
            new Address("Ada", "1 Way", "London", "N1", "GB"),
            "ada@example.com");

    /** Decides with the aggregate as folded so far, and appends what it decided, as the service does. */
    static List<DomainEvent> decide(
            List<DomainEvent> history, java.util.function.Function<Payment, List<DomainEvent>> d) {
        List<DomainEvent> all = new ArrayList<>(history);
        all.addAll(d.apply(Payment.fold("o-1", history)));
        return all;
    }

    @Test
    void anApprovedChargeIsCapturedAndRefundedOnce() {
        List<DomainEvent> history = decide(List.of(), p -> p.approved(RESERVED, "ch_1"));
        Payment captured = Payment.fold("o-1", history);
        assertEquals(PaymentStatus.CAPTURED, captured.status());
        assertEquals(new BigDecimal("39.98"), captured.refundable());
        assertEquals(PaymentRules.OnReserved.ALREADY_CHARGED, captured.onInventoryReserved());

        history = decide(history, p -> p.refunded(Payment.SHIPMENT_FAILED));
        Payment refunded = Payment.fold("o-1", history);
        assertEquals(PaymentStatus.REFUNDED, refunded.status());
        assertEquals(new BigDecimal("39.98"), refunded.refundedAmount());
        assertFalse(refunded.mustRefund(), "refunded once");
        assertEquals(List.of(), refunded.cancelledWithoutRefund("shipment_failed"));
    }

    @Test
    void aDeclinedChargeKeepsWhatItWasFor() {
        Payment failed = Payment.fold("o-1", decide(List.of(), p -> p.declined(RESERVED, "card_declined")));
        assertEquals(PaymentStatus.FAILED, failed.status());
        assertEquals("card_declined", failed.reason());
        assertEquals(new BigDecimal("39.98"), failed.amount());
        assertFalse(failed.mustRefund());
    }

    @Test
    void aCancellationBeforeTheChargeIsRememberedOnceAndStopsIt() {
        List<DomainEvent> history = decide(List.of(), p -> p.cancelledWithoutRefund("timed_out"));
        Payment cancelled = Payment.fold("o-1", history);
        assertTrue(cancelled.orderCancelled());
        assertEquals(PaymentRules.OnReserved.ORDER_CANCELLED, cancelled.onInventoryReserved());
        assertEquals(List.of(), cancelled.cancelledWithoutRefund("timed_out"), "noted once");
    }
}
