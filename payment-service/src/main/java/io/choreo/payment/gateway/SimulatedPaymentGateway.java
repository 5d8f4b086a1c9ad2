package io.choreo.payment.gateway;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.provider.IdempotencyKeys;
import io.smallrye.mutiny.Uni;

/**
 * The deterministic gateway of DESIGN.md: {@code tok_declined} and {@code tok_insufficient_funds}
 * are declined at once; {@code tok_unavailable} fails every attempt; {@code tok_flaky} fails its
 * first two attempts per order, then approves; any other token is approved. Charge ids derive
 * from the order id. It honours idempotency keys ({@link IdempotencyKeys}): a key answered before
 * gets the same answer and takes (or gives back) no money again; {@link #captures} and
 * {@link #refunds} count the effects per order.
 */
@ApplicationScoped
public class SimulatedPaymentGateway implements PaymentGateway {

    private final Map<String, Integer> flakyAttempts = new ConcurrentHashMap<>();
    private final Map<String, Integer> captures = new ConcurrentHashMap<>();
    private final Map<String, Integer> refunds = new ConcurrentHashMap<>();
    /** The newest keys it remembers: far more than are ever in flight. */
    private final IdempotencyKeys keys = new IdempotencyKeys(100_000);

    @Override
    public Uni<ChargeResult> charge(
            String idempotencyKey, String orderId, BigDecimal amount, String currency, String token) {
        return Uni.createFrom()
                .item(() -> keys.once(idempotencyKey, () -> {
                    ChargeResult result = answer(orderId, token);
                    if (result instanceof ChargeResult.Approved) {
                        captures.merge(orderId, 1, Integer::sum);
                    }
                    return result;
                }));
    }

    @Override
    public Uni<Void> refund(
            String idempotencyKey, String orderId, String chargeId, BigDecimal amount, String currency) {
        return Uni.createFrom()
                .item(() -> keys.once(idempotencyKey, () -> refunds.merge(orderId, 1, Integer::sum)))
                .replaceWithVoid();
    }

    /** How many charges of {@code orderId} took money (one per idempotency key). */
    public int captures(String orderId) {
        return captures.getOrDefault(orderId, 0);
    }

    /** How many refunds of {@code orderId} gave money back (one per idempotency key). */
    public int refunds(String orderId) {
        return refunds.getOrDefault(orderId, 0);
    }

    private ChargeResult answer(String orderId, String token) {
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
    }

    private static ChargeResult approved(String orderId) {
        return new ChargeResult.Approved(
                "ch_" + UUID.nameUUIDFromBytes(orderId.getBytes()).toString().replace("-", ""));
    }
}
