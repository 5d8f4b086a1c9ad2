package io.choreo.shipping.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventEnvelope;
import io.choreo.events.PrivateEvents;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.AggregateStore.History;
import io.choreo.shipping.domain.BookingRequested;
import io.choreo.shipping.domain.Shipment;
import io.choreo.shipping.domain.ShipmentCancellationNoted;
import io.smallrye.mutiny.Uni;

/** Shipments as the event store keeps them: load one (its history, folded), append what was decided. */
@ApplicationScoped
public class ShippingStore implements PrivateEvents {

    public static final String AGGREGATE = "Shipment";
    public static final String SOURCE = "shipping-service";

    @Inject
    AggregateStore aggregates;

    /** A shipment and the history it was folded from. */
    public record Loaded(History history, Shipment shipment) {}

    /** Loads the shipment after holding it: for a decision a racing writer must not flip after the carrier call. */
    public Uni<Loaded> hold(String orderId) {
        return aggregates.hold(AGGREGATE, orderId).chain(() -> load(orderId));
    }

    public Uni<Loaded> load(String orderId) {
        return aggregates
                .load(AGGREGATE, orderId)
                .map(history -> new Loaded(history, Shipment.fold(orderId, aggregates.payloads(history.events()))));
    }

    /** The carrier's idempotency key of the shipment's booking: the id of its BookingRequested. */
    public static String bookingKey(Loaded loaded) {
        return loaded.history().lastId(BookingRequested.class).orElseThrow();
    }

    /** The carrier's idempotency key of calling the shipment off: the id of its ShipmentCreated. */
    public static String cancelKey(Loaded loaded) {
        return loaded.history().lastId(ShipmentCreated.class).orElseThrow();
    }

    /** The decided events as envelopes after the loaded history, the read model refreshed with them. */
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        return aggregates.decided(loaded.history(), cause, SOURCE, decided);
    }

    @Override
    public List<Class<? extends DomainEvent>> types() {
        return List.of(BookingRequested.class, ShipmentCancellationNoted.class);
    }
}
