package io.choreo.events.consume;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.PoisonEventException;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.outbox.OutboxRelay;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.OneAfterAnother;
import io.choreo.events.store.Transactions;
import io.choreo.events.telemetry.EventMetrics;
import io.choreo.events.telemetry.TraceContexts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.DatabaseException;

/**
 * The one way a service takes an event off its queue: decode it (a poison message goes to the
 * dead-letter queue at once), then in one database transaction check the {@link Inbox} (a
 * duplicate stops here), run the handler, append the events it causes to the {@link EventStore}
 * and record the event's id; acknowledge only after commit. A handling that calls a provider runs
 * in {@link Step}s: its intent commits first, the call is made outside any transaction, and its
 * result commits in a new transaction together with the inbox row. Conflicts between replicas
 * (optimistic version, unique keys) are retried from the new state at once; an outage (an
 * unreachable database or provider, {@link Outages}) is waited out without spending the
 * message's tries; any other failure goes to {@link Redelivery} (retried later through the
 * broker, then dead-lettered).
 *
 * <p>Deliveries are handled in batches: the deliveries waiting when a batch starts (at most
 * {@code choreo.consumer.batch-size}) run one after the other in one transaction, each with its
 * own inbox check and inbox row, and are acknowledged after its commit; a provider call a step
 * asks for is made after that commit, and its answer waits for the next batch. One delivery is a
 * batch of one, so nothing waits for a batch to fill. A batch that fails for any reason (a
 * conflict, an outage, one handler's bug) rolls back as a whole, and each of its deliveries is
 * then handled alone, from its first step, as above: the batch changes how many transactions the
 * work takes, never what a failure does.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    @Inject
    EventCodec codec;

    @Inject
    Inbox inbox;

    @Inject
    EventStore store;

    @Inject
    OutboxRelay relay;

    @Inject
    AggregateStore aggregateStore;

    @Inject
    EventMetrics metrics;

    @Inject
    Redelivery redelivery;

    @Inject
    Tracer tracer;

    @Inject
    Vertx vertx;

    /** A batch's transaction: the reactive client's own, no Hibernate session. */
    @Inject
    Transactions transactions;

    @ConfigProperty(name = "choreo.consumer.conflict-retries", defaultValue = "8")
    int conflictRetries;

    @ConfigProperty(name = "choreo.consumer.batch-size", defaultValue = "50")
    int batchSize;

    @ConfigProperty(name = "choreo.consumer.batches-at-once", defaultValue = "2")
    int batchesAtOnce;

    /** Work waiting for a batch: new deliveries, and deliveries whose provider call answered. */
    private final ArrayDeque<Work> waiting = new ArrayDeque<>();

    private int batchesRunning;

    @ConfigProperty(name = "choreo.outage.backoff.initial", defaultValue = "PT1S")
    Duration outageInitial;

    @ConfigProperty(name = "choreo.outage.backoff.max", defaultValue = "PT30S")
    Duration outageMax;

    @ConfigProperty(name = "choreo.outage.hold-at-most", defaultValue = "PT10M")
    Duration outageHoldAtMost;

    /**
     * What a service's {@code @Incoming} method returns: the delivery is handed over to the next
     * batch and the connector may pass the next one at once (how many are unacknowledged at a time
     * is the channel's {@code max-outstanding-messages}). It is acknowledged after its handling
     * committed, or moved aside as {@link #consume} says.
     */
    public Uni<Void> take(Message<?> message, EventHandler handler) {
        consume(message, handler)
                .subscribe()
                .with(done -> {}, failure -> LOG.errorf(failure, "delivery %s was left unsettled", messageId(message)));
        return Uni.createFrom().voidItem();
    }

    /** Handles one delivery (in a batch with whatever else waits) and completes once it is acknowledged or moved aside. */
    public Uni<Void> consume(Message<?> message, EventHandler handler) {
        long started = System.nanoTime();
        EventEnvelope event;
        try {
            event = decode(message.getPayload());
        } catch (PoisonEventException e) {
            LOG.errorf("poison message %s: %s", messageId(message), e.getMessage());
            return redelivery.deadLetterPoison(message, e);
        }
        Context received = TracingMetadata.fromMessage(message)
                .map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        Span span = tracer.spanBuilder("handle " + event.eventType())
                .setParent(received)
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("order.id", event.aggregateId())
                .setAttribute("correlation.id", event.correlationId())
                .setAttribute("event.type", event.eventType())
                .setAttribute("event.id", event.eventId().toString())
                .setAttribute("event.source", event.source())
                .startSpan();
        // Events this handling causes are published later by the relay, as children of this span.
        String traceparent = TraceContexts.traceparent(received.with(span));
        return Uni.createFrom().emitter(done -> {
            Delivery delivery = new Delivery(message, event, handler, span, traceparent, started, done);
            enqueue(new Work(delivery, () -> handler.step(event), handler.mayCall(event)));
        });
    }

    /** One delivery on its way: what it is, its span, and whom to tell once it is settled. */
    private record Delivery(
            Message<?> message,
            EventEnvelope event,
            EventHandler handler,
            Span span,
            String traceparent,
            long started,
            UniEmitter<? super Void> done) {}

    /**
     * The next transaction of a delivery's handling: its first step, or the step after a provider's
     * answer; {@code mayCall} when it may commit a call's intent (the inbox row must then wait).
     */
    private record Work(Delivery delivery, Supplier<Uni<Step>> step, boolean mayCall) {}

    private void enqueue(Work work) {
        synchronized (waiting) {
            waiting.add(work);
        }
        startBatches();
    }

    /** Starts batches while fewer than {@code batches-at-once} run, each on a context of its own (its own session). */
    private void startBatches() {
        while (true) {
            List<Work> batch;
            synchronized (waiting) {
                if (batchesRunning >= batchesAtOnce || waiting.isEmpty()) {
                    return;
                }
                batchesRunning++;
                batch = new ArrayList<>(Math.min(batchSize, waiting.size()));
                // One work an event id in a batch: the batch reads and writes its inbox once at its
                // start, so a second copy of an event (published twice, or a provider's answer and a
                // redelivery of its event) waits for the next batch and finds what the first left.
                Set<UUID> ids = new HashSet<>();
                for (Iterator<Work> next = waiting.iterator(); next.hasNext() && batch.size() < batchSize; ) {
                    Work work = next.next();
                    if (ids.add(work.delivery().event().eventId())) {
                        batch.add(work);
                        next.remove();
                    }
                }
            }
            io.vertx.core.Context context = ContextState.newContext(vertx);
            context.runOnContext(start -> runBatch(batch));
        }
    }

    private void batchEnded() {
        synchronized (waiting) {
            batchesRunning--;
        }
        startBatches();
    }

    /**
     * One transaction for the whole batch, each delivery's step after the other's; after commit
     * a completed delivery is acknowledged and a provider call is made. Any failure rolls the batch
     * back and sends each delivery on alone.
     */
    private void runBatch(List<Work> batch) {
        List<Handled> results = new ArrayList<>(batch.size());
        Uni<Void> transaction;
        try {
            transaction = transactions.run(() -> {
                // The batch's appends go in as one statement at its end, and so do the rows of each
                // read model written at a batch's end; its inbox is read and written by one statement
                // each at its start, and its orders' histories read by one, not by one a delivery.
                aggregateStore.holdWrites();
                List<EventEnvelope> firstSteps = new ArrayList<>();
                List<EventEnvelope> mayCallSteps = new ArrayList<>();
                Set<String> aggregates = new HashSet<>();
                List<Map.Entry<String, String>> holds = new ArrayList<>();
                batch.forEach(work -> {
                    EventEnvelope event = work.delivery().event();
                    (work.mayCall() ? mayCallSteps : firstSteps).add(event);
                    aggregates.add(event.aggregateId());
                    work.delivery()
                            .handler()
                            .heldAggregateType(event)
                            .ifPresent(type -> holds.add(Map.entry(type, event.aggregateId())));
                });
                // The holds first, then the histories: what the batch reads of an aggregate it holds
                // is what the last holder committed, as a handling that holds and then loads reads it.
                // The four statements are sent together and answered in that order (Pipeline): with
                // the transaction's BEGIN, one round trip; so a batch of one reads its history there
                // too, rather than by a statement of its own later.
                return Uni.combine()
                        .all()
                        .unis(
                                inbox.firstDeliveries(firstSteps),
                                inbox.handledAmong(mayCallSteps),
                                aggregateStore.holdAll(holds).replaceWith(Boolean.TRUE),
                                store.prefetch(aggregates).replaceWith(Boolean.TRUE))
                        .asTuple()
                        .call(() -> batch.size() > 1
                                ? prepare(batch)
                                : Uni.createFrom().voidItem())
                        .chain(read -> {
                            Set<UUID> firsts = read.getItem1();
                            Set<UUID> handledBefore = read.getItem2();
                            // Each delivery from a task of its own on the batch's context: fifty (or a
                            // thousand) handlings that need no statement of their own would otherwise
                            // be subscribed and completed on one ever deeper stack (OneAfterAnother).
                            Uni<Void> chain = OneAfterAnother.each(Vertx.currentContext(), batch, work -> {
                                Delivery d = work.delivery();
                                UUID id = d.event().eventId();
                                boolean inboxSays = work.mayCall() ? handledBefore.contains(id) : firsts.contains(id);
                                return handleIn(
                                                d.event(),
                                                work.step(),
                                                d.traceparent(),
                                                work.mayCall(),
                                                Uni.createFrom().item(inboxSays))
                                        .invoke(results::add)
                                        .replaceWithVoid();
                            });
                            return chain.chain(aggregateStore::flushWrites);
                        })
                        .onTermination()
                        .invoke(aggregateStore::forgetHolds);
            });
        } catch (RuntimeException e) {
            transaction = Uni.createFrom().failure(e);
        }
        transaction.subscribe().with(committed -> committed(batch, results), failure -> rolledBack(batch, failure));
    }

    /** Each handler's {@link EventHandler#prepareBatch} with its events of the batch, one handler after the other. */
    private static Uni<Void> prepare(List<Work> batch) {
        Map<EventHandler, List<EventEnvelope>> byHandler = new LinkedHashMap<>();
        batch.forEach(work -> byHandler
                .computeIfAbsent(work.delivery().handler(), handler -> new ArrayList<>())
                .add(work.delivery().event()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<EventHandler, List<EventEnvelope>> each : byHandler.entrySet()) {
            chain = chain.chain(() -> each.getKey().prepareBatch(each.getValue()));
        }
        return chain;
    }

    /** After commit: each completed delivery is acknowledged, each call made; a bug in one settles that one only. */
    private void committed(List<Work> batch, List<Handled> results) {
        batchEnded();
        metrics.batched(batch.size());
        boolean caused = false;
        for (int i = 0; i < batch.size(); i++) {
            Delivery delivery = batch.get(i).delivery();
            Handled handled = results.get(i);
            caused |= !handled.caused().isEmpty();
            try {
                if (handled.pending() == null) {
                    settle(delivery, Uni.createFrom().item(handled));
                } else {
                    call(delivery, handled.pending());
                }
            } catch (RuntimeException e) {
                settle(delivery, Uni.createFrom().failure(e));
            }
        }
        if (caused) {
            relay.wake();
        }
    }

    private void rolledBack(List<Work> batch, Throwable failure) {
        batchEnded();
        if (isConflict(failure)) {
            // Each of them runs again, alone, from the state the winner left.
            batch.forEach(work -> metrics.conflicted(work.delivery().event().eventType()));
        }
        if (batch.size() > 1) {
            LOG.debugf("a batch of %d rolled back (%s); each is handled alone", batch.size(), failure.toString());
        }
        batch.forEach(work -> alone(work.delivery()));
    }

    /**
     * The provider call a committed step asked for, outside any transaction; its answer goes to the
     * next batch. A call that fails for an outage is waited out as alone (which asks again, with
     * the same key); any other failure is the handling's and goes to {@link Redelivery} at once.
     */
    private <R> void call(Delivery delivery, Step.Call<R> pending) {
        logContext(delivery.event());
        Uni.createFrom()
                .deferred(() -> pending.call().get())
                .subscribe()
                .with(answer -> enqueue(new Work(delivery, () -> pending.then().apply(answer), false)), failure -> {
                    if (Outages.isOutage(failure)) {
                        alone(delivery);
                    } else {
                        settle(delivery, Uni.createFrom().failure(failure));
                    }
                });
    }

    /**
     * The delivery is handled by itself, from its first step, as a redelivery would be: a committed
     * intent is found again and its call repeated with the same key. Conflicts are retried, outages
     * waited out, and any other failure goes to {@link Redelivery}.
     */
    private void alone(Delivery delivery) {
        io.vertx.core.Context context = ContextState.newContext(vertx);
        context.runOnContext(start -> {
            EventEnvelope event = delivery.event();
            logContext(event);
            EventHandler handler = delivery.handler();
            Uni<Handled> handling =
                    inSteps(event, () -> handler.step(event), delivery.traceparent(), handler.mayCall(event));
            settle(delivery, waitingOutOutages(handling, event, context, System.nanoTime(), 0));
        });
    }

    /** Acknowledges after {@code handling} committed, or moves the delivery aside when it failed; then tells its waiter. */
    private void settle(Delivery delivery, Uni<Handled> handling) {
        EventEnvelope event = delivery.event();
        logContext(event);
        Message<?> message = delivery.message();
        Span span = delivery.span();
        handling.invoke(handled -> {
                    if (handled.duplicate()) {
                        LOG.debugf("%s %s was handled before; no second effect", event.eventType(), event.eventId());
                    }
                    metrics.consumed(event.eventType(), handled.duplicate(), System.nanoTime() - delivery.started());
                })
                .chain(() -> acknowledge(message, event))
                .onFailure()
                .recoverWithUni(failure -> {
                    if (failure instanceof OutageOutlasted outlasted) {
                        span.recordException(outlasted.getCause());
                        return redelivery.putBack(message, outlasted.getCause());
                    }
                    LOG.errorf(
                            failure,
                            "handling %s %s (order %s) failed",
                            event.eventType(),
                            event.eventId(),
                            event.aggregateId());
                    span.recordException(failure);
                    return redelivery.retryLater(message, failure);
                })
                .onTermination()
                .invoke(span::end)
                .subscribe()
                .with(done -> delivery.done().complete(null), failure -> delivery.done()
                        .fail(failure));
    }

    /** The order and correlation ids on the log lines that follow (a batch's context serves many orders). */
    private static void logContext(EventEnvelope event) {
        MDC.put("orderId", event.aggregateId());
        MDC.put("correlationId", event.correlationId());
    }

    /**
     * Runs a handling one {@link Step} at a time, each in its own transaction; a provider call is made
     * between two of them, after the first committed and outside any transaction.
     */
    private Uni<Handled> inSteps(EventEnvelope event, Supplier<Uni<Step>> work, String traceparent, boolean mayCall) {
        return inOneTransaction(event, work, traceparent, mayCall)
                .chain(handled -> handled.pending() == null
                        ? Uni.createFrom().item(handled)
                        : callThen(event, handled.pending(), traceparent));
    }

    private <R> Uni<Handled> callThen(EventEnvelope event, Step.Call<R> pending, String traceparent) {
        return pending.call()
                .get()
                .chain(answer -> inSteps(event, () -> pending.then().apply(answer), traceparent, false));
    }

    /**
     * One transaction of a handling: an event handled before stops here (only its delivery is
     * counted); otherwise the step runs and its events are appended, and the inbox row is written
     * when the step completes the handling. Conflicts between replicas retry the step at once.
     */
    private Uni<Handled> inOneTransaction(
            EventEnvelope event, Supplier<Uni<Step>> work, String traceparent, boolean mayCall) {
        return transactions
                .run(() -> handleIn(event, work, traceparent, mayCall))
                .onFailure(EventConsumer::isConflict)
                .invoke(() -> metrics.conflicted(event.eventType()))
                .onFailure(EventConsumer::isConflict)
                .retry()
                .withBackOff(Duration.ofMillis(20), Duration.ofMillis(500))
                .withJitter(0.5)
                .atMost(conflictRetries)
                .invoke(handled -> {
                    if (!handled.caused().isEmpty()) {
                        relay.wake();
                    }
                });
    }

    /**
     * A delivery's part of a transaction: an event handled before stops at the inbox; otherwise its
     * step runs. A step that cannot be a call's intent writes the inbox row first (one statement
     * that also tells a duplicate, and makes a concurrent copy of the event wait for this one);
     * should it ask for a call after all, the row is taken back. A step that may be an intent
     * checks the inbox first and writes the row only when the handling completes.
     */
    private Uni<Handled> handleIn(EventEnvelope event, Supplier<Uni<Step>> work, String traceparent, boolean mayCall) {
        return handleIn(event, work, traceparent, mayCall, mayCall ? inbox.handled(event) : inbox.firstDelivery(event));
    }

    /**
     * As above, with what the inbox said (a batch asks for all its deliveries at once): for a step
     * that cannot be an intent, whether this is the event's first delivery (its row now written);
     * for one that may, whether the event was handled before.
     */
    private Uni<Handled> handleIn(
            EventEnvelope event,
            Supplier<Uni<Step>> work,
            String traceparent,
            boolean mayCall,
            Uni<Boolean> inboxSays) {
        logContext(event);
        if (!mayCall) {
            return inboxSays.chain(first -> !first
                    ? Uni.createFrom().item(Handled.DUPLICATE)
                    : work.get()
                            .chain(step -> step instanceof Step.Call<?> call
                                    ? inbox.forget(event)
                                            .chain(() -> store.append(step.events(), traceparent))
                                            .replaceWith(Handled.calling(call))
                                    : store.append(step.events(), traceparent).replaceWith(Handled.of(step.events()))));
        }
        return inboxSays.chain(handledBefore -> handledBefore
                ? inbox.firstDelivery(event).replaceWith(Handled.DUPLICATE)
                : work.get().chain(step -> complete(event, step, traceparent)));
    }

    private Uni<Handled> complete(EventEnvelope event, Step step, String traceparent) {
        if (step instanceof Step.Call<?> call) {
            return store.append(step.events(), traceparent).replaceWith(Handled.calling(call));
        }
        // Written last: a delivery of the same event that completed meanwhile makes this one a duplicate.
        return inbox.firstDelivery(event)
                .chain(first -> first
                        ? store.append(step.events(), traceparent).replaceWith(Handled.of(step.events()))
                        : Uni.createFrom().failure(new ConcurrentDelivery(event)));
    }

    /**
     * Runs {@code handling} again while it fails for an outage ({@link Outages}): the message
     * stays unacknowledged and keeps its tries, and the consumer waits with a capped exponential
     * backoff, which pauses consumption (the broker sends no more than
     * max-outstanding-messages). Held longer than {@code choreo.outage.hold-at-most}, it fails
     * with {@link OutageOutlasted} and goes back to its queue unchanged.
     */
    private Uni<Handled> waitingOutOutages(
            Uni<Handled> handling, EventEnvelope event, io.vertx.core.Context context, long since, int waits) {
        return handling.onFailure(Outages::isOutage).recoverWithUni(outage -> {
            Duration waited = Duration.ofNanos(System.nanoTime() - since);
            if (waited.compareTo(outageBackoff().holdAtMost()) >= 0) {
                return Uni.createFrom().failure(new OutageOutlasted(outage));
            }
            Duration delay = outageBackoff().delay(waits);
            if (waits == 0) {
                metrics.outageBegan(event.eventType());
            }
            metrics.outageWaited(event.eventType(), delay);
            LOG.warnf(
                    "%s %s waits for an unreachable dependency (%s), try %d again in %s; its tries are not spent",
                    event.eventType(), event.eventId(), outage.toString(), waits + 2, delay);
            return after(delay, context).chain(() -> waitingOutOutages(handling, event, context, since, waits + 1));
        });
    }

    /** Completes after {@code delay}, back on the consumer's Vert.x context (Hibernate Reactive runs only there). */
    private static Uni<Void> after(Duration delay, io.vertx.core.Context context) {
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay);
        }
        return Uni.createFrom()
                .emitter(done -> context.runOnContext(start ->
                        context.owner().setTimer(Math.max(1, delay.toMillis()), timer -> done.complete(null))));
    }

    public OutageBackoff outageBackoff() {
        return new OutageBackoff(outageInitial, outageMax, outageHoldAtMost);
    }

    /**
     * Acknowledges after commit. An ack that fails means the broker or the channel went away:
     * the message goes back to the queue by itself and the inbox makes its next delivery a
     * duplicate, so it is neither retried nor dead-lettered here.
     */
    private Uni<Void> acknowledge(Message<?> message, EventEnvelope event) {
        return Uni.createFrom().completionStage(message::ack).onFailure().recoverWithItem(failure -> {
            LOG.warnf(
                    "could not acknowledge %s %s (%s); the broker delivers it again",
                    event.eventType(), event.eventId(), failure.toString());
            return null;
        });
    }

    /** An outage that lasted longer than a message may be held: it goes back to its queue, tries unspent. */
    static final class OutageOutlasted extends RuntimeException {
        OutageOutlasted(Throwable outage) {
            super("held through an outage for too long", outage);
        }
    }

    /**
     * What one transaction of a delivery did: nothing (a duplicate), or the events it appended, and
     * the provider call still to make when the handling is not complete.
     */
    record Handled(boolean duplicate, List<EventEnvelope> caused, Step.Call<?> pending) {
        static final Handled DUPLICATE = new Handled(true, List.of(), null);

        static Handled of(List<EventEnvelope> caused) {
            return new Handled(false, caused, null);
        }

        static Handled calling(Step.Call<?> call) {
            return new Handled(false, call.events(), call);
        }
    }

    /** Another delivery of the same event completed while this one worked: roll back and count it a duplicate. */
    static final class ConcurrentDelivery extends RuntimeException {
        ConcurrentDelivery(EventEnvelope event) {
            super(event.eventType() + " " + event.eventId() + " was completed by another delivery");
        }
    }

    /** Anything that is not an envelope (not JSON, a JSON array, an unknown type...) is poison. */
    EventEnvelope decode(Object payload) {
        return codec.decode(MessageBodies.bytes(payload));
    }

    private static String messageId(Message<?> message) {
        return message.getMetadata(io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata.class)
                .flatMap(m -> m.getMessageId())
                .orElse("(no message id)");
    }

    /** A lost race with another transaction: retrying from the new state will succeed. */
    public static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof OptimisticLockException
                    || t instanceof ConcurrentDelivery
                    || t instanceof StaleStateException
                    || t instanceof ConstraintViolationException) {
                return true;
            }
            // The client's own error, where no Hibernate session translated it: a constraint violation
            // (class 23, as Hibernate's ConstraintViolationException covered), serialization failure, deadlock.
            if (t instanceof DatabaseException db
                    && db.getSqlState() != null
                    && (db.getSqlState().startsWith("23")
                            || "40001".equals(db.getSqlState())
                            || "40P01".equals(db.getSqlState()))) {
                return true;
            }
            String message = t.getMessage();
            if (message != null
                    && (message.contains("23505") || message.contains("40001") || message.contains("40P01"))) {
                return true;
            }
        }
        return false;
    }
}
