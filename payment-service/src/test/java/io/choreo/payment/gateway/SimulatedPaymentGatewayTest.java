package io.choreo.payment.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest {

    private final SimulatedPaymentGateway gateway = new SimulatedPaymentGateway();

    private ChargeResult charge(String orderId, String token) {
        return gateway.charge(orderId, BigDecimal.TEN, "EUR", token).await().indefinitely();
    }

    @Test
    void tokensDecideTheOutcome() {
        assertInstanceOf(ChargeResult.Approved.class, charge("o1", "tok_visa"));
        assertEquals(new ChargeResult.Declined("card_declined"), charge("o2", "tok_declined"));
        assertEquals(new ChargeResult.Declined("insufficient_funds"), charge("o3", "tok_insufficient_funds"));
        assertThrows(GatewayUnavailableException.class, () -> charge("o4", "tok_unavailable"));
    }

    @Test
    void aFlakyTokenFailsTwiceThenApproves() {
        assertThrows(GatewayUnavailableException.class, () -> charge("o5", "tok_flaky"));
        assertThrows(GatewayUnavailableException.class, () -> charge("o5", "tok_flaky"));
        assertInstanceOf(ChargeResult.Approved.class, charge("o5", "tok_flaky"));
    }

    @Test
    void theChargeIdIsStablePerOrder() {
        assertEquals(charge("o6", "tok_visa"), charge("o6", "tok_visa"));
    }
}
