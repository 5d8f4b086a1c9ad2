package io.choreo.shipping.carrier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.choreo.events.contract.Address;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;

/**
 * The carrier as the service calls it: retried with backoff, timed out, behind a circuit breaker
 * (tuned in application.properties); outside any database transaction, with the key of the event
 * that asked for the call.
 */
@ApplicationScoped
public class GuardedCarrier {

    @Inject
    Carrier carrier;

    @Retry(maxRetries = 3, delay = 100, jitter = 50)
    @ExponentialBackoff(maxDelay = 2000)
    @Timeout(3000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.75, delay = 2000)
    public Uni<Booking> book(String key, String orderId, Address destination) {
        return carrier.book(key, orderId, destination);
    }

    @Retry(maxRetries = 5, delay = 100, jitter = 50)
    @ExponentialBackoff(maxDelay = 2000)
    @Timeout(3000)
    public Uni<Void> cancel(String key, String orderId, String trackingNumber) {
        return carrier.cancel(key, orderId, trackingNumber);
    }
}
