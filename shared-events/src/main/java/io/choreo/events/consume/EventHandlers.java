package io.choreo.events.consume;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.EventTypes;
import io.choreo.events.contract.DomainEvent;
import io.smallrye.mutiny.Uni;

/**
 * Which method handles which event type, declared once per consumer and by type:
 * {@code EventHandlers.with(codec).on(InventoryReserved.class, payments::charge)}. The method gets
 * the envelope (for ids and causation) and its payload already read into the event's record (a
 * payload that does not fit is poison). A type nobody registered changes nothing. {@link #types()}
 * is what the service's queue must be bound to, which each service's tests check against
 * {@link io.choreo.events.Topology}.
 */
public final class EventHandlers implements EventHandler {

    /** A method that handles one event type. */
    @FunctionalInterface
    public interface On<T extends DomainEvent> {
        Uni<List<EventEnvelope>> handle(EventEnvelope event, T payload);
    }

    /** A method that handles one event type in steps, because it calls a provider ({@link Step}). */
    @FunctionalInterface
    public interface Calling<T extends DomainEvent> {
        Uni<Step> handle(EventEnvelope event, T payload);
    }

    private final EventCodec codec;
    private final Map<String, EventHandler> byType = new LinkedHashMap<>();
    private final Map<String, Function<EventEnvelope, Uni<Step>>> inSteps = new LinkedHashMap<>();
    private EventHandler everyEvent;
    private String holding;
    private Function<List<EventEnvelope>, Uni<Void>> preparing;

    private EventHandlers(EventCodec codec) {
        this.codec = codec;
    }

    public static EventHandlers with(EventCodec codec) {
        return new EventHandlers(codec);
    }

    /** {@code method} handles every event of {@code type}; a type is registered once. */
    public <T extends DomainEvent> EventHandlers on(Class<T> type, On<T> method) {
        return register(type, event -> method.handle(event, codec.payload(event, type)));
    }

    /**
     * {@code method} handles every event of {@code type} in steps: it commits an intent, and a
     * provider call follows outside the transaction ({@link Step}); a type is registered once.
     */
    public <T extends DomainEvent> EventHandlers onCalling(Class<T> type, Calling<T> method) {
        // Registered by type as well, so that a type has one handler and is bound; only step() runs it.
        register(type, event -> Uni.createFrom()
                .failure(new IllegalStateException(type.getSimpleName() + " is handled in steps")));
        inSteps.put(type.getSimpleName(), event -> method.handle(event, codec.payload(event, type)));
        return this;
    }

    private EventHandlers register(Class<? extends DomainEvent> type, EventHandler handler) {
        String eventType = type.getSimpleName();
        if (EventTypes.lookup(eventType).isEmpty()) {
            throw new IllegalArgumentException(eventType + " is not an event type of the catalogue");
        }
        if (byType.putIfAbsent(eventType, handler) != null) {
            throw new IllegalArgumentException(eventType + " has a handler already");
        }
        return this;
    }

    /** {@code handler} sees every event first (inventory's timeline), before the one registered for its type. */
    public EventHandlers onEveryEvent(EventHandler handler) {
        this.everyEvent = handler;
        return this;
    }

    /**
     * Every handling here holds the aggregate of {@code aggregateType} whose id is the event's
     * aggregate id (the order) before it loads it ({@link io.choreo.events.projection.AggregateStore#hold}):
     * a consumer's batch takes these holds at its start, all in one statement.
     */
    public EventHandlers holding(String aggregateType) {
        this.holding = aggregateType;
        return this;
    }

    /**
     * {@code prepare} gets a consumer batch's events of the types registered here, after the
     * batch's holds and histories and before its handlings ({@link EventHandler#prepareBatch}).
     */
    public EventHandlers preparingBatches(Function<List<EventEnvelope>, Uni<Void>> prepare) {
        this.preparing = prepare;
        return this;
    }

    @Override
    public Uni<Void> prepareBatch(List<EventEnvelope> events) {
        if (preparing == null) {
            return Uni.createFrom().voidItem();
        }
        List<EventEnvelope> taken =
                events.stream().filter(e -> byType.containsKey(e.eventType())).toList();
        return taken.isEmpty() ? Uni.createFrom().voidItem() : preparing.apply(taken);
    }

    @Override
    public Optional<String> heldAggregateType(EventEnvelope event) {
        return byType.containsKey(event.eventType()) ? Optional.ofNullable(holding) : Optional.empty();
    }

    /** The event types these handlers take: all of the catalogue when one of them sees every event. */
    public Set<String> types() {
        return everyEvent != null ? EventTypes.all() : Collections.unmodifiableSet(byType.keySet());
    }

    @Override
    public Uni<List<EventEnvelope>> handle(EventEnvelope event) {
        EventHandler typed = byType.getOrDefault(
                event.eventType(), ignored -> Uni.createFrom().item(List.of()));
        return everyEvent == null
                ? typed.handle(event)
                : everyEvent.handle(event).chain(first -> typed.handle(event).map(then -> concat(first, then)));
    }

    @Override
    public boolean mayCall(EventEnvelope event) {
        return inSteps.containsKey(event.eventType());
    }

    @Override
    public Uni<Step> step(EventEnvelope event) {
        Function<EventEnvelope, Uni<Step>> stepped = inSteps.get(event.eventType());
        if (stepped == null) {
            return handle(event).map(Step::done);
        }
        // A handler of every event runs first and commits with the intent.
        return everyEvent == null
                ? stepped.apply(event)
                : everyEvent.handle(event).chain(first -> stepped.apply(event).map(then -> withFirst(first, then)));
    }

    private static Step withFirst(List<EventEnvelope> first, Step then) {
        if (first.isEmpty()) {
            return then;
        }
        return then instanceof Step.Call<?> call ? prepend(first, call) : Step.done(concat(first, then.events()));
    }

    private static <R> Step prepend(List<EventEnvelope> first, Step.Call<R> call) {
        return Step.call(concat(first, call.events()), call.call(), call.then());
    }

    private static List<EventEnvelope> concat(List<EventEnvelope> first, List<EventEnvelope> then) {
        return first.isEmpty()
                ? then
                : then.isEmpty()
                        ? first
                        : java.util.stream.Stream.concat(first.stream(), then.stream())
                                .toList();
    }
}
