package io.choreo.payment.gateway;

import java.math.BigDecimal;

import io.smallrye.mutiny.Uni;

/**
 * A payment provider. Both calls are idempotent per order (the order id is the idempotency key),
 * so a retried or redelivered charge never takes money twice. A transient failure is a
 * {@link GatewayUnavailableException}; a refusal is a {@link ChargeResult.Declined}.
 */
public interface PaymentGateway {

    Uni<ChargeResult> charge(String orderId, BigDecimal amount, String currency, String token);

    Uni<Void> refund(String orderId, String chargeId, BigDecimal amount, String currency);
}
