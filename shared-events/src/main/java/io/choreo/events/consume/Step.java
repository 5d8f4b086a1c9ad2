package io.choreo.events.consume;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.choreo.events.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * One database transaction's worth of a handling. Most handlings are done in one ({@link #done}).
 * A handling that calls a provider (gateway, carrier, mail) is never inside a transaction while it
 * calls: its first step commits the intent ({@link #call}: the events that record what is about to
 * be asked), {@link EventConsumer} then makes the call after that commit, outside any transaction,
 * and runs {@code then} with the answer in a new transaction, which holds and reloads the aggregate
 * and decides again (it may call once more). The inbox row is written with the last step only, so a
 * crash between the call and that commit redelivers the event: its handling finds the intent and
 * repeats the call with the same idempotency key, which the provider answers without a second effect.
 */
public sealed interface Step {

    /** The events this transaction appends. */
    List<EventEnvelope> events();

    /** The handling is complete with {@code events}: the inbox row is written in the same transaction. */
    static Step done(List<EventEnvelope> events) {
        return new Done(events);
    }

    /**
     * Commit {@code intent}, then make {@code call} outside any transaction, then run {@code then} with
     * its answer in a new transaction. A failed call fails the handling (the broker brings the event
     * back later); the intent stays committed, so the next delivery repeats the call.
     */
    static <R> Step call(List<EventEnvelope> intent, Supplier<Uni<R>> call, Function<R, Uni<Step>> then) {
        return new Call<>(intent, call, then);
    }

    record Done(List<EventEnvelope> events) implements Step {}

    record Call<R>(List<EventEnvelope> events, Supplier<Uni<R>> call, Function<R, Uni<Step>> then) implements Step {}
}
