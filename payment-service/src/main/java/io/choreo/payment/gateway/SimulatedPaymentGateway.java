package io.choreo.payment.gateway;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

/**
 * The deterministic gateway of DESIGN.md: {@code tok_declined} and {@code tok_insufficient_funds}
 * are declined at once; {@code tok_unavailable} fails every attempt; {@code tok_flaky} fails its
 * first two attempts per order, then approves; any other token is approved. Charge ids derive
 * from the order id, as a real gateway's idempotency key would make them.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    private final Map<String, Integer> flakyAttempts = new ConcurrentHashMap<>();

    @Override
    public Uni<ChargeResult> charge(String orderId, BigDecimal amount, String currency, String token) {
        return Uni.createFrom().item(() -> {
            switch (token) {
                case "tok_declined":
                    return new ChargeResult.Declined("card_declined");
                case "tok_insufficient_funds":
                    return new ChargeResult.Declined("insufficient_funds");
                case "tok_unavailable":
                    throw new GatewayUnavailableException("gateway unavailable (simulated)");
                case "tok_flaky":
                    if (flakyAttempts.merge(orderId, 1, Integer::sum) <= 2) {
                        throw new GatewayUnavailableException("gateway hiccup (simulated)");
                    }
                    return approved(orderId);
                default:
                    return token.startsWith("tok_") ? approved(orderId) : new ChargeResult.Declined("invalid_token");
            }
        });
    }

    @Override
    public Uni<Void> refund(String orderId, String chargeId, BigDecimal amount, String currency) {
        return Uni.createFrom().voidItem();
    }

    private static ChargeResult approved(String orderId) {
        return new ChargeResult.Approved(
                "ch_" + UUID.nameUUIDFromBytes(orderId.getBytes()).toString().replace("-", ""));
    }
}
