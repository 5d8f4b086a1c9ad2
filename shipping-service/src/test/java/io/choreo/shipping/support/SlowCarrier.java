package io.choreo.shipping.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.contract.Address;
import io.choreo.shipping.carrier.Booking;
import io.choreo.shipping.carrier.SimulatedCarrier;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/**
 * The simulated carrier, counting calls (and the keys of bookings), and slow for some orders so
 * that two handlings overlap.
 */
@Mock
@ApplicationScoped
public class SlowCarrier extends SimulatedCarrier {

    /** Orders whose cancellations take a while. */
    public static final Set<String> SLOW_CANCELS = ConcurrentHashMap.newKeySet();

    /** Orders whose bookings take a while, so that a cancellation arrives while the carrier works. */
    public static final Set<String> SLOW_BOOKINGS = ConcurrentHashMap.newKeySet();

    public static final Map<String, Integer> CANCELS = new ConcurrentHashMap<>();

    /** The idempotency keys of each order's bookings, in the order they were asked. */
    public static final Map<String, List<String>> BOOKING_KEYS = new ConcurrentHashMap<>();

    @Override
    public Uni<Booking> book(String key, String orderId, Address destination) {
        BOOKING_KEYS.computeIfAbsent(orderId, o -> new CopyOnWriteArrayList<>()).add(key);
        Uni<Booking> booking = super.book(key, orderId, destination);
        return SLOW_BOOKINGS.contains(orderId) ? booking.onItem().delayIt().by(Duration.ofMillis(1500)) : booking;
    }

    @Override
    public Uni<Void> cancel(String key, String orderId, String trackingNumber) {
        CANCELS.merge(orderId, 1, Integer::sum);
        Uni<Void> cancel = super.cancel(key, orderId, trackingNumber);
        return SLOW_CANCELS.contains(orderId) ? cancel.onItem().delayIt().by(Duration.ofMillis(1500)) : cancel;
    }
}
