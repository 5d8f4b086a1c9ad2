package io.choreo.shipping.support;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.shipping.carrier.SimulatedCarrier;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/** The simulated carrier, counting cancellations, and slow to cancel some orders so that two handlings overlap. */
@Mock
@ApplicationScoped
public class SlowCarrier extends SimulatedCarrier {

    /** Orders whose cancellations take a while. */
    public static final Set<String> SLOW_CANCELS = ConcurrentHashMap.newKeySet();

    public static final Map<String, Integer> CANCELS = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> cancel(String orderId, String trackingNumber) {
        CANCELS.merge(orderId, 1, Integer::sum);
        Uni<Void> cancel = super.cancel(orderId, trackingNumber);
        return SLOW_CANCELS.contains(orderId) ? cancel.onItem().delayIt().by(Duration.ofMillis(1500)) : cancel;
    }
}
