package io.choreo.payment.gateway;

import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The gateway as the service calls it: retried with exponential backoff and jitter, timed out,
 * and behind a circuit breaker, by SmallRye Fault Tolerance (tuned in application.properties).
 * Declines are answers, not failures, and are not retried. An open circuit is an outage: the
 * handling waits it out with the message's tries unspent, instead of failing the payment. Called outside any
 * database transaction, with the key of the event that asked for the call.
 */
@ApplicationScoped
public class GuardedPaymentGateway {

    @Inject
    PaymentGateway gateway;

    @Retry(
            maxRetries = 3,
            delay = 100,
            delayUnit = ChronoUnit.MILLIS,
            jitter = 50,
            retryOn = {
                GatewayUnavailableException.class,
                org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class
            })
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @Timeout(3000)
    @CircuitBreaker(
            requestVolumeThreshold = 40,
            failureRatio = 0.9,
            delay = 2000,
            failOn = {
                GatewayUnavailableException.class,
                org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class
            })
    public Uni<ChargeResult> charge(String key, String orderId, BigDecimal amount, String currency, String token) {
        return gateway.charge(key, orderId, amount, currency, token);
    }

    /** The gateway failed every attempt (unavailable or too slow), as opposed to an open circuit or a bug. */
    public static boolean exhausted(Throwable failure) {
        return failure instanceof GatewayUnavailableException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
    }

    @Retry(maxRetries = 5, delay = 100, delayUnit = ChronoUnit.MILLIS, jitter = 50)
    @ExponentialBackoff(factor = 2, maxDelay = 2000)
    @Timeout(3000)
    public Uni<Void> refund(String key, String orderId, String chargeId, BigDecimal amount, String currency) {
        return gateway.refund(key, orderId, chargeId, amount, currency);
    }
}
