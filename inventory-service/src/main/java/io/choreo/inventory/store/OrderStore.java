package io.choreo.inventory.store;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventEnvelope;
import io.choreo.events.PrivateEvents;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.AggregateStore.History;
import io.choreo.inventory.domain.Order;
import io.choreo.inventory.domain.StockAdded;
import io.choreo.inventory.domain.StockReleased;
import io.choreo.inventory.domain.StockReserved;
import io.choreo.inventory.domain.StockSold;
import io.smallrye.mutiny.Uni;

/** Orders as the event store keeps them: load one (its history, folded), append what was decided. */
@ApplicationScoped
public class OrderStore implements PrivateEvents {

    public static final String AGGREGATE = "Order";
    public static final String SOURCE = "inventory-service";

    @Inject
    AggregateStore aggregates;

    /** An order and the history it was folded from. */
    public record Loaded(History history, Order order) {}

    /**
     * Holds the order for the rest of the transaction: a consumer's batch holds its orders at its
     * start (then this needs no statement), a handling alone holds its own.
     */
    public Uni<Void> hold(String orderId) {
        return aggregates.hold(AGGREGATE, orderId);
    }

    /** Holds the order unless another transaction does (a batch deciding it): false then, at once. */
    public Uni<Boolean> tryHold(String orderId) {
        return aggregates.tryHold(AGGREGATE, orderId);
    }

    /** An order not placed yet: the history a placement appends to. */
    public Loaded none(String orderId) {
        return new Loaded(new History(AGGREGATE, orderId, List.of()), Order.fold(orderId, List.of()));
    }

    /** The order {@code none} became with its placement's events (just appended, not yet stored). */
    public Loaded placed(Loaded none, List<EventEnvelope> placing) {
        History history = new History(AGGREGATE, none.history().aggregateId(), List.copyOf(placing));
        return new Loaded(history, Order.fold(history.aggregateId(), aggregates.payloads(placing)));
    }

    public Uni<Loaded> load(String orderId) {
        return aggregates
                .load(AGGREGATE, orderId)
                .map(history -> new Loaded(history, Order.fold(orderId, aggregates.payloads(history.events()))));
    }

    /** The decided events, caused by {@code cause}, as envelopes after the loaded history; the read model follows. */
    public Uni<List<EventEnvelope>> append(Loaded loaded, EventEnvelope cause, List<DomainEvent> decided) {
        return aggregates.decided(loaded.history(), cause, SOURCE, decided);
    }

    /** As above for a decision nothing published caused: a request, or the clock ({@code causationId} may be null). */
    public Uni<List<EventEnvelope>> append(
            Loaded loaded, String correlationId, String causationId, List<DomainEvent> decided) {
        return aggregates.decided(loaded.history(), correlationId, causationId, SOURCE, decided);
    }

    /** inventory's private events: the stock's (orders have only public ones). */
    @Override
    public List<Class<? extends DomainEvent>> types() {
        return List.of(StockAdded.class, StockReserved.class, StockReleased.class, StockSold.class);
    }
}
