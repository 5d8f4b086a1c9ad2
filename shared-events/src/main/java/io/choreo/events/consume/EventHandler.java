package io.choreo.events.consume;

import java.util.List;
import java.util.Optional;

import io.choreo.events.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * What a service does with one event, inside the transaction {@link EventConsumer} opened: load,
 * decide, store the new state, and return the events it causes (appended to the outbox in that
 * same transaction). An empty list means the event changes nothing here. A handling that calls a
 * provider answers {@link #step} instead: its intent first, the call after commit ({@link Step}).
 */
@FunctionalInterface
public interface EventHandler {

    Uni<List<EventEnvelope>> handle(EventEnvelope event);

    /** The first transaction's step; a handling done in one transaction is {@link Step#done}. */
    default Uni<Step> step(EventEnvelope event) {
        return handle(event).map(Step::done);
    }

    /**
     * Whether the first step of {@code event}'s handling may commit a provider call's intent (and
     * so must commit without the inbox row); false lets the inbox row be written first.
     */
    default boolean mayCall(EventEnvelope event) {
        return false;
    }

    /**
     * The type of the aggregate whose id is {@code event}'s aggregate id (the order's) that the
     * handling holds ({@link io.choreo.events.projection.AggregateStore#hold}) before it loads and
     * decides, if it does: a consumer's batch then takes every such hold at its start, in one
     * statement, before it reads its histories.
     */
    default Optional<String> heldAggregateType(EventEnvelope event) {
        return Optional.empty();
    }

    /**
     * Called in a consumer batch's transaction once its holds are taken and its histories read,
     * before its first handling, with the batch's events that this handler takes (only a batch of
     * two or more deliveries calls it):
     * a handler may take here, in one statement, what its handlings would otherwise take one by
     * one (inventory reads the stock of the batch's orders). Nothing by default.
     */
    default Uni<Void> prepareBatch(List<EventEnvelope> events) {
        return Uni.createFrom().voidItem();
    }
}
