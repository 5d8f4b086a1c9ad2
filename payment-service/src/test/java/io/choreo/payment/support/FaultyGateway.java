package io.choreo.payment.support;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.payment.gateway.ChargeResult;
import io.choreo.payment.gateway.SimulatedPaymentGateway;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/**
 * The simulated gateway, plus two tokens that make the handling itself fail (an unexpected
 * exception, which fault tolerance does not retry in-process): {@code tok_fails_twice} fails its
 * first two calls per order, {@code tok_always_fails} fails until {@link #heal()}.
 */
@Mock
@ApplicationScoped
public class FaultyGateway extends SimulatedPaymentGateway {

    public static final Map<String, Integer> CALLS = new ConcurrentHashMap<>();
    /** The idempotency keys of each order's charges, in the order they were asked. */
    public static final Map<String, List<String>> KEYS = new ConcurrentHashMap<>();
    /** Orders whose refunds take a while, so that two handlings of one order overlap. */
    public static final Set<String> SLOW_REFUNDS = ConcurrentHashMap.newKeySet();

    public static final Map<String, Integer> REFUNDS = new ConcurrentHashMap<>();
    /** Orders whose charges take a while, so that a cancellation arrives while the gateway works. */
    public static final Set<String> SLOW_CHARGES = ConcurrentHashMap.newKeySet();

    private static volatile boolean healed;

    public static void heal() {
        healed = true;
    }

    @Override
    public Uni<ChargeResult> charge(String key, String orderId, BigDecimal amount, String currency, String token) {
        int call = CALLS.merge(orderId, 1, Integer::sum);
        KEYS.computeIfAbsent(orderId, o -> new CopyOnWriteArrayList<>()).add(key);
        if ("tok_fails_twice".equals(token) && call <= 2 || "tok_always_fails".equals(token) && !healed) {
            return Uni.createFrom().failure(new IllegalStateException("injected handler failure, call " + call));
        }
        Uni<ChargeResult> charge = super.charge(
                key,
                orderId,
                amount,
                currency,
                "tok_fails_twice".equals(token) || "tok_always_fails".equals(token) ? "tok_visa" : token);
        return SLOW_CHARGES.contains(orderId) ? charge.onItem().delayIt().by(Duration.ofMillis(1500)) : charge;
    }

    @Override
    public Uni<Void> refund(String key, String orderId, String chargeId, BigDecimal amount, String currency) {
        REFUNDS.merge(orderId, 1, Integer::sum);
        Uni<Void> refund = super.refund(key, orderId, chargeId, amount, currency);
        return SLOW_REFUNDS.contains(orderId) ? refund.onItem().delayIt().by(Duration.ofMillis(1500)) : refund;
    }
}
