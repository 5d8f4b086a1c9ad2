package io.choreo.shipping.carrier;

import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.events.contract.Address;
import io.choreo.shipping.domain.ShippingRules;
import io.smallrye.mutiny.Uni;

/**
 * The deterministic carrier of DESIGN.md: it serves the countries of
 * {@code choreo.carrier.serviced-countries} and refuses every other (AQ always). Tracking numbers
 * derive from the order id, as a real carrier's idempotency key would make them.
 */
@ApplicationScoped
public class SimulatedCarrier implements Carrier {

    @ConfigProperty(name = "choreo.carrier.name")
    String name;

    @ConfigProperty(name = "choreo.carrier.serviced-countries")
    Set<String> servicedCountries;

    @Override
    public Uni<Booking> book(String orderId, Address destination) {
        return Uni.createFrom().item(() -> {
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
        });
    }

    @Override
    public Uni<Void> cancel(String orderId, String trackingNumber) {
        return Uni.createFrom().voidItem();
    }
}
