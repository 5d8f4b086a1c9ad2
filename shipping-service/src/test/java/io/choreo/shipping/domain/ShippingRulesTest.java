package io.choreo.shipping.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ShippingRulesTest {

    @Test
    void antarcticaAndUnlistedCountriesAreNotServed() {
        Set<String> served = Set.of("GB", "FR", "AQ");
        assertTrue(ShippingRules.isServiceable("GB", served));
        assertTrue(ShippingRules.isServiceable("fr", served));
        assertFalse(ShippingRules.isServiceable("AQ", served));
        assertFalse(ShippingRules.isServiceable("DE", served));
        assertFalse(ShippingRules.isServiceable(null, served));
    }

    @Test
    void anOrderShipsOnceAndNotAfterItsCancellation() {
        assertEquals(ShippingRules.OnPaid.BOOK, ShippingRules.onPaymentCompleted(null, false));
        assertEquals(ShippingRules.OnPaid.ORDER_CANCELLED, ShippingRules.onPaymentCompleted(null, true));
        assertEquals(
                ShippingRules.OnPaid.ALREADY_HANDLED, ShippingRules.onPaymentCompleted(ShipmentStatus.FAILED, false));
        assertTrue(ShippingRules.mustCancel(ShipmentStatus.CREATED));
        assertFalse(ShippingRules.mustCancel(ShipmentStatus.FAILED));
        assertFalse(ShippingRules.mustCancel(null));
    }
}
