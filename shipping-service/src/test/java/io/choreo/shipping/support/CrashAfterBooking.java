package io.choreo.shipping.support;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.shipping.store.ShippingStore;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;

/**
 * The store, which for the orders in {@link #ONCE} fails the first transaction that would record a
 * booking: the crash between the carrier's booking and the commit of its answer.
 */
@Mock
@ApplicationScoped
public class CrashAfterBooking extends ShippingStore {

    public static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        if (decided.stream().anyMatch(ShipmentCreated.class::isInstance)
                && ONCE.remove(loaded.shipment().orderId())) {
            return Uni.createFrom().failure(new IllegalStateException("crash after the booking (test)"));
        }
        return super.append(loaded, cause, decided);
    }
}
