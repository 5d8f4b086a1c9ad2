package io.choreo.payment.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PaymentRulesTest {

    @Test
    void anOrderIsChargedOnceAndNeverAfterItsCancellation() {
        assertEquals(PaymentRules.OnReserved.CHARGE, PaymentRules.onInventoryReserved(null, false));
        assertEquals(PaymentRules.OnReserved.ORDER_CANCELLED, PaymentRules.onInventoryReserved(null, true));
        for (PaymentStatus status : PaymentStatus.values()) {
            assertEquals(PaymentRules.OnReserved.ALREADY_CHARGED, PaymentRules.onInventoryReserved(status, false));
        }
    }

    @Test
    void onlyCapturedMoneyIsRefunded() {
        assertTrue(PaymentRules.mustRefund(PaymentStatus.CAPTURED));
        assertFalse(PaymentRules.mustRefund(PaymentStatus.REFUNDED));
        assertFalse(PaymentRules.mustRefund(PaymentStatus.FAILED));
        assertFalse(PaymentRules.mustRefund(null));
    }
}
