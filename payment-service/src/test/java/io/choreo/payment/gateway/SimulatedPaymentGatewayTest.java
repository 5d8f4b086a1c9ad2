package io.choreo.payment.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

class SimulatedPaymentGatewayTest {

    private final SimulatedPaymentGateway gateway = new SimulatedPaymentGateway();

    private ChargeResult charge(String orderId, String token) {
        return charge(java.util.UUID.randomUUID().toString(), orderId, token);
    }

    private ChargeResult charge(String key, String orderId, String token) {
        return gateway.charge(key, orderId, BigDecimal.TEN, "EUR", token)
                .await()
                .indefinitely();
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
    void aKeyAnsweredBeforeGetsTheSameAnswerAndTakesNoMoneyAgain() {
        assertEquals(charge("k7", "o7", "tok_visa"), charge("k7", "o7", "tok_visa"));
        assertEquals(1, gateway.captures("o7"));
        gateway.refund("r7", "o7", "ch", BigDecimal.TEN, "EUR").await().indefinitely();
        gateway.refund("r7", "o7", "ch", BigDecimal.TEN, "EUR").await().indefinitely();
        assertEquals(1, gateway.refunds("o7"));
        // A failure is no answer: the same key may be tried again.
        assertThrows(GatewayUnavailableException.class, () -> charge("k8", "o8", "tok_flaky"));
        assertThrows(GatewayUnavailableException.class, () -> charge("k8", "o8", "tok_flaky"));
        assertInstanceOf(ChargeResult.Approved.class, charge("k8", "o8", "tok_flaky"));
    }

    @Test
    void theChargeIdIsStablePerOrder() {
        assertEquals(charge("o6", "tok_visa"), charge("o6", "tok_visa"));
    }
}
