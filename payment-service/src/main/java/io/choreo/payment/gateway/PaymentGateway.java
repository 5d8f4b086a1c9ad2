package io.choreo.payment.gateway;

import java.math.BigDecimal;

import io.smallrye.mutiny.Uni;

/**
 * A payment provider. Every call carries an idempotency key (the id of the event that asked for it:
 * the ChargeRequested of a charge, the PaymentCompleted of the capture a refund gives back); the
 * gateway answers a key once and repeats that answer, so a retried or redelivered call never takes
 * or gives back money twice. A transient failure is a {@link GatewayUnavailableException}; a
 * refusal is a {@link ChargeResult.Declined}.
 */
public interface PaymentGateway {

    Uni<ChargeResult> charge(String idempotencyKey, String orderId, BigDecimal amount, String currency, String token);

    Uni<Void> refund(String idempotencyKey, String orderId, String chargeId, BigDecimal amount, String currency);
}
