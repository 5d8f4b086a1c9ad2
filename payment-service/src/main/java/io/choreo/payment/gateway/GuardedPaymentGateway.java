package io.choreo.payment.gateway;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The gateway as the service calls it: retried with exponential backoff and jitter, and timed
 * out, by SmallRye Fault Tolerance (tuned in application.properties). Declines are answers, not
 * failures, and are not retried.
 */
@ApplicationScoped
public class GuardedPaymentGateway {

    @Inject
    PaymentGateway gateway;

    @Retry(maxRetries = 3, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50,
            retryOn = { GatewayUnavailableException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @Timeout(3000)
    public Uni<ChargeResult> charge(String orderId, BigDecimal amount, String currency, String token) {
        return gateway.charge(orderId, amount, currency, token);
    }

    @Retry(maxRetries = 5, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @Timeout(3000)
    public Uni<Void> refund(String orderId, String chargeId, BigDecimal amount, String currency) {
        return gateway.refund(orderId, chargeId, amount, currency);
    }
}
