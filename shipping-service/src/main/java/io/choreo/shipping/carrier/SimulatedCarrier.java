package io.choreo.shipping.carrier;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.events.contract.Address;
import io.choreo.events.provider.IdempotencyKeys;
import io.choreo.shipping.domain.ShippingRules;
import io.smallrye.mutiny.Uni;

/**
 * The deterministic carrier of DESIGN.md: it serves the countries of
 * {@code choreo.carrier.serviced-countries} and refuses every other (AQ always). Tracking numbers
 * derive from the order id. It honours idempotency keys ({@link IdempotencyKeys}): a key answered
 * before gets the same answer and books (or cancels) nothing again; {@link #bookings} and
 * {@link #cancellations} count the effects per order.
 */
@ApplicationScoped
public class SimulatedCarrier implements Carrier {

    @ConfigProperty(name = "choreo.carrier.name")
    String name;

    @ConfigProperty(name = "choreo.carrier.serviced-countries")
    Set<String> servicedCountries;

    private final Map<String, Integer> bookings = new ConcurrentHashMap<>();
    private final Map<String, Integer> cancellations = new ConcurrentHashMap<>();

    /** The newest keys it remembers: far more than are ever in flight. */
    private final IdempotencyKeys keys = new IdempotencyKeys(100_000);

    @Override
    public Uni<Booking> book(String idempotencyKey, String orderId, Address destination) {
        return Uni.createFrom()
                .item(() -> keys.once(idempotencyKey, () -> {
                    Booking booking = answer(orderId, destination);
                    if (booking instanceof Booking.Booked) {
                        bookings.merge(orderId, 1, Integer::sum);
                    }
                    return booking;
                }));
    }

    @Override
    public Uni<Void> cancel(String idempotencyKey, String orderId, String trackingNumber) {
        return Uni.createFrom()
                .item(() -> keys.once(idempotencyKey, () -> cancellations.merge(orderId, 1, Integer::sum)))
                .replaceWithVoid();
    }

    /** How many bookings of {@code orderId} the carrier made (one per idempotency key). */
    public int bookings(String orderId) {
        return bookings.getOrDefault(orderId, 0);
    }

    /** How many cancellations of {@code orderId} the carrier made (one per idempotency key). */
    public int cancellations(String orderId) {
        return cancellations.getOrDefault(orderId, 0);
    }

    private Booking answer(String orderId, Address destination) {
        if (!ShippingRules.isServiceable(destination.country(), servicedCountries)) {
            return new Booking.Refused(ShippingRules.UNSERVICEABLE);
        }
        String tracking = "CP"
                + UUID.nameUUIDFromBytes(orderId.getBytes())
                        .toString()
                        .replace("-", "")
                        .substring(0, 12)
                        .toUpperCase();
        return new Booking.Booked(name, tracking);
    }
}
