package io.choreo.inventory.service;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.contract.Money;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.events.http.Problem;
import io.choreo.events.http.ProblemException;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.outbox.OutboxRelay;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.store.GroupCommit;
import io.choreo.events.store.Transactions;
import io.choreo.events.telemetry.TraceContexts;
import io.choreo.inventory.domain.Order;
import io.choreo.inventory.domain.OrderDecision;
import io.choreo.inventory.domain.OrderRules;
import io.choreo.inventory.domain.Stock;
import io.choreo.inventory.store.OrderClock;
import io.choreo.inventory.store.OrderRequests;
import io.choreo.inventory.store.OrderStore;
import io.choreo.inventory.store.StockStore;
import io.choreo.inventory.telemetry.OrderMetrics;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Everything that changes an order or the stock: placing it, and carrying out the decisions of
 * {@link OrderRules} in answer to events and to the clock. A handling loads the Order, holds the
 * Stock it needs, decides, and appends the events of both aggregates; the read models follow
 * in the same transaction. Each method runs inside the caller's transaction (or opens one) and
 * returns the events it caused, for the store.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    public static final String SOURCE = OrderStore.SOURCE;
    public static final String AGGREGATE = OrderStore.AGGREGATE;

    @Inject
    EventStore store;

    @Inject
    OrderStore orders;

    @Inject
    StockStore stock;

    @Inject
    OutboxRelay relay;

    @Inject
    OrderClock clock;

    @Inject
    OrderMetrics metrics;

    @Inject
    Transactions transactions;

    @Inject
    OrderRequests requests;

    @ConfigProperty(name = "choreo.order.currency", defaultValue = "EUR")
    String currency;

    /** At most this many placements commit in one transaction. */
    @ConfigProperty(name = "choreo.intake.group-size", defaultValue = "50")
    int groupSize;

    /** At most this many placement transactions run at once; what arrives meanwhile waits for the next. */
    @ConfigProperty(name = "choreo.intake.groups-at-once", defaultValue = "2")
    int groupsAtOnce;

    @Inject
    Vertx vertx;

    @Inject
    AggregateStore aggregates;

    /** The result of a placement: the order as accepted, and whether this call created it. */
    public record Placement(String orderId, String correlationId, String status, boolean created) {}

    /**
     * Accepts an order and decides its stock in the same transaction: its OrderPlaced event, then
     * InventoryReserved (the stock held; the order stays PENDING and waits for its payment) or, when
     * a SKU is short, InventoryReservationFailed and OrderRejected. The answer is the order as it was
     * accepted (PENDING); a repeated key returns the first order as it stands now. Placements that
     * arrive together are committed together ({@link GroupCommit}): one transaction, one read of the
     * stock of all their SKUs (unlocked; locked, checked again and written at the group's end, as a
     * consumer's batch does: {@link StockStore}), one insert of the events and one of the orders'
     * and the stock's rows for all of them. The transactions are
     * the reactive client's own ({@link Transactions}): the intake uses no Hibernate entity.
     */
    public Uni<Placement> place(OrderPlaced draft, String idempotencyKey, String fingerprint, String correlationId) {
        Request request = new Request(
                draft, idempotencyKey, fingerprint, correlationId, TraceContexts.traceparent(Context.current()));
        return intake.submit(request).invoke(placement -> {
            if (placement.created()) {
                relay.wake();
            }
        });
    }

    /** A placement asked for, with the trace of the request that asked (its events are published in it). */
    private record Request(
            OrderPlaced draft, String idempotencyKey, String fingerprint, String correlationId, String traceparent) {

        List<String> skus() {
            return draft.items().stream().map(OrderPlaced.Line::sku).distinct().toList();
        }
    }

    private GroupCommit<Request, Placement> intake;

    @PostConstruct
    void startIntake() {
        intake = new GroupCommit<>(
                vertx, transactions, new Intake(), ProblemException.class::isInstance, groupSize, groupsAtOnce);
    }

    /** A group of placements: the stock of all their SKUs read first, then each, then their stock locked and their writes. */
    private final class Intake implements GroupCommit.Work<Request, Placement> {

        @Override
        public Uni<Void> begin(List<Request> requests) {
            aggregates.holdWrites();
            Set<String> skus = new TreeSet<>();
            requests.forEach(request -> skus.addAll(request.skus()));
            return stock.readForBatch(skus);
        }

        @Override
        public Uni<Placement> each(Request request) {
            return existing(request.idempotencyKey(), request.fingerprint())
                    .chain(found -> found != null ? Uni.createFrom().item(found) : create(request));
        }

        @Override
        public Uni<Void> end() {
            return aggregates.flushWrites();
        }

        @Override
        public Uni<Placement> alone(Request request) {
            return placeAlone(request);
        }
    }

    /**
     * One placement in a transaction of its own: after its group rolled back (two requests with one
     * Idempotency-Key in it, say). A conflict is tried again from the start: of requests racing
     * with one key, the losers then find and answer with the winner's order; a deadlock with a
     * projection rebuild's table locks goes through the second time.
     */
    private Uni<Placement> placeAlone(Request request) {
        return transactions
                .run(() -> existing(request.idempotencyKey(), request.fingerprint())
                        .chain(found -> found != null ? Uni.createFrom().item(found) : create(request)))
                .onFailure(EventConsumer::isConflict)
                .retry()
                .atMost(3);
    }

    /** The first order of a repeated Idempotency-Key, if the request is the same one. */
    private Uni<Placement> existing(String idempotencyKey, String fingerprint) {
        if (idempotencyKey == null) {
            return Uni.createFrom().nullItem();
        }
        return requests.first(idempotencyKey).map(first -> {
            if (first == null) {
                return null;
            }
            if (first.fingerprint() != null && !first.fingerprint().equals(fingerprint)) {
                throw new ProblemException(
                        422,
                        "Unprocessable Content",
                        "This Idempotency-Key was used for a different order.",
                        List.of(new Problem.Violation("Idempotency-Key", "was used before with another body")));
            }
            return new Placement(first.orderId(), first.correlationId(), first.status(), false);
        });
    }

    /**
     * A new order: priced from the held stock, placed, and its stock reserved or the order rejected.
     * In a group the stock was read (unlocked) at its start and is locked at its end; alone, it is
     * held here (in SKU order).
     */
    private Uni<Placement> create(Request request) {
        return stock.hold(new TreeSet<>(request.skus())).chain(held -> create(request, held));
    }

    private Uni<Placement> create(Request request, Map<String, Stock> held) {
        OrderPlaced draft = request.draft();
        List<Problem.Violation> unknown = new ArrayList<>();
        List<OrderPlaced.Line> priced = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < draft.items().size(); i++) {
            OrderPlaced.Line line = draft.items().get(i);
            Stock item = held.get(line.sku());
            if (item == null) {
                unknown.add(new Problem.Violation("items[" + i + "].sku", "unknown SKU '" + line.sku() + "'"));
                continue;
            }
            BigDecimal unitPrice = item.unitPrice();
            priced.add(new OrderPlaced.Line(line.sku(), line.quantity(), new Money(unitPrice, currency)));
            total = total.add(unitPrice.multiply(BigDecimal.valueOf(line.quantity())));
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(
                    422, "Unprocessable Content", "The order names SKUs that are not in the catalogue.", unknown);
        }
        OrderPlaced placed = new OrderPlaced(
                draft.orderId(),
                draft.customerEmail(),
                priced,
                total,
                currency,
                draft.paymentMethod(),
                draft.paymentToken(),
                draft.shippingAddress());
        String correlationId = request.correlationId();
        OrderStore.Loaded none = orders.none(draft.orderId());
        return orders.append(none, correlationId, null, List.of(placed))
                .chain(placing -> reserve(none, placing, held).map(decided -> {
                    List<EventEnvelope> all = new ArrayList<>(placing);
                    all.addAll(decided);
                    return all;
                }))
                .call(events -> store.append(events, request.traceparent()))
                .call(() -> remember(request.idempotencyKey(), request.fingerprint(), draft.orderId()))
                .map(events -> new Placement(draft.orderId(), correlationId, "PENDING", true));
    }

    /** The new order's stock, decided at once: reserved, or the order rejected. Caused by its OrderPlaced. */
    private Uni<List<EventEnvelope>> reserve(
            OrderStore.Loaded none, List<EventEnvelope> placing, Map<String, Stock> held) {
        EventEnvelope placed = placing.get(0);
        OrderStore.Loaded loaded = orders.placed(none, placing);
        return carryOut(loaded, loaded.order().onPlaced(available(held)), placed, held);
    }

    private static Map<String, Integer> available(Map<String, Stock> held) {
        Map<String, Integer> available = new LinkedHashMap<>();
        held.forEach((sku, s) -> available.put(sku, s.available()));
        return available;
    }

    private Uni<Void> remember(String idempotencyKey, String fingerprint, String orderId) {
        if (idempotencyKey == null) {
            return Uni.createFrom().voidItem();
        }
        // A second request with the key fails here (a conflict) and answers with the first.
        return requests.remember(idempotencyKey, fingerprint, orderId);
    }

    /**
     * A consumer's batch, before its handlings: reads the stock of all its open orders at once, so
     * that their handlings find it read; the batch locks what they change at its end
     * ({@link StockStore}). The orders' histories were read with the batch's.
     */
    public Uni<Void> prepareBatch(List<EventEnvelope> events) {
        List<Uni<OrderStore.Loaded>> loads = events.stream()
                .map(EventEnvelope::aggregateId)
                .distinct()
                .map(orders::load)
                .toList();
        return Uni.join().all(loads).andFailFast().chain(loaded -> {
            Set<String> skus = new TreeSet<>();
            // Every open order's SKUs: any handling that changes stock decides an open order (a
            // decided one is ignored before its stock is looked at, decidePlaced).
            loaded.forEach(each -> {
                if (each.order().exists() && !each.order().status().isTerminal()) {
                    skus.addAll(each.order().quantities().keySet());
                }
            });
            return stock.readForBatch(skus);
        });
    }

    /**
     * OrderPlaced (its own) from the queue: what a release before this one sent there, the placement
     * not having decided the stock yet. Reserves it, or rejects the order; an order its placement
     * decided is left alone. (The queue is no longer bound to OrderPlaced: this drains what it held.)
     */
    public Uni<List<EventEnvelope>> onOrderPlaced(EventEnvelope cause, OrderPlaced placed) {
        return withOrder(cause, loaded -> decidePlaced(loaded, cause));
    }

    /**
     * What an OrderPlaced decides about an order whose placement did not: its stock held and
     * reserved, or the order rejected. An order decided already is ignored (the rules say so
     * without its stock), and its stock is not held for it.
     */
    private Uni<List<EventEnvelope>> decidePlaced(OrderStore.Loaded loaded, EventEnvelope placed) {
        Order order = loaded.order();
        if (order.status().isTerminal() || order.stockHeld()) {
            return carryOut(loaded, order.onPlaced(Map.of()), placed, null);
        }
        return stock.hold(order.quantities().keySet())
                .chain(held -> carryOut(loaded, order.onPlaced(available(held)), placed, held));
    }

    /** ShipmentCreated: turn reserved into sold, then OrderConfirmed. */
    public Uni<List<EventEnvelope>> onShipmentCreated(EventEnvelope cause, ShipmentCreated created) {
        return withOrder(cause, loaded -> carryOut(loaded, loaded.order().onShipmentCreated(), cause, null));
    }

    /** PaymentFailed: release the stock and cancel. */
    public Uni<List<EventEnvelope>> onPaymentFailed(EventEnvelope cause, PaymentFailed failed) {
        return withOrder(
                cause, loaded -> carryOut(loaded, loaded.order().onPaymentFailed(failed.reason()), cause, null));
    }

    /** ShipmentFailed: release the stock and cancel (payment refunds on its own). */
    public Uni<List<EventEnvelope>> onShipmentFailed(EventEnvelope cause, ShipmentFailed failed) {
        return withOrder(
                cause, loaded -> carryOut(loaded, loaded.order().onShipmentFailed(failed.reason()), cause, null));
    }

    /**
     * The clock: cancels one overdue order in its own transaction, in the order's trace, and
     * publishes what it caused. The cancellation is caused by the order's OrderPlaced.
     */
    public Uni<Void> timeOut(UUID orderId, String detail) {
        return byTheClock(
                orderId, (loaded, placed) -> carryOut(loaded, loaded.order().onTimeout(detail), placed, null));
    }

    /**
     * The clock: reserves the stock of an order placed without it, or rejects the order, in its own
     * transaction and the order's trace. A placement of a release before this one stored only its
     * OrderPlaced and left the stock to a delivery of it, which inventory's queue no longer takes
     * (the binding is retired at start, and a replica of the older release may still be placing).
     */
    public Uni<Void> decideStock(UUID orderId) {
        return byTheClock(orderId, this::decidePlaced);
    }

    /**
     * One decision of the clock about one PENDING order, in a transaction of its own: the order
     * held (a batch deciding it holds it: the clock leaves it to the batch) and claimed, loaded, the
     * decision appended in the trace of the order's OrderPlaced (its cause), and published.
     */
    private Uni<Void> byTheClock(
            UUID orderId, BiFunction<OrderStore.Loaded, EventEnvelope, Uni<List<EventEnvelope>>> decide) {
        return Panache.withTransaction(() -> orders.tryHold(orderId.toString())
                        .chain(held ->
                                held ? clock.claim(orderId) : Uni.createFrom().item(false))
                        .chain(claimed -> !claimed
                                ? Uni.createFrom().item(List.<EventEnvelope>of())
                                : orders.load(orderId.toString()).chain(loaded -> {
                                    if (!loaded.order().exists()) {
                                        return Uni.createFrom().item(List.<EventEnvelope>of());
                                    }
                                    EventEnvelope placed =
                                            loaded.history().events().get(0);
                                    return decide.apply(loaded, placed)
                                            .call(events -> store.traceparent(placed.eventId())
                                                    .chain(traceparent -> store.append(events, traceparent)));
                                })))
                .onFailure(EventConsumer::isConflict)
                .retry()
                .atMost(3)
                .invoke(events -> {
                    if (!events.isEmpty()) {
                        relay.wake();
                    }
                })
                .replaceWithVoid();
    }

    private Uni<List<EventEnvelope>> withOrder(
            EventEnvelope cause, Function<OrderStore.Loaded, Uni<List<EventEnvelope>>> work) {
        return orders.hold(cause.aggregateId())
                .chain(() -> orders.load(cause.aggregateId()))
                .chain(loaded -> {
                    if (!loaded.order().exists()) {
                        LOG.warnf(
                                "%s %s names unknown order %s; ignored",
                                cause.eventType(), cause.eventId(), cause.aggregateId());
                        return Uni.createFrom().item(List.<EventEnvelope>of());
                    }
                    return work.apply(loaded);
                });
    }

    /**
     * Appends what {@code decision} means for the order and for the stock of its SKUs ({@code held}
     * when already held): the order's events, then each SKU's.
     */
    private Uni<List<EventEnvelope>> carryOut(
            OrderStore.Loaded loaded, OrderDecision decision, EventEnvelope cause, Map<String, Stock> held) {
        if (decision instanceof OrderDecision.Ignore ignore) {
            LOG.debugf("order %s: %s", loaded.order().orderId(), ignore.why());
            return Uni.createFrom().item(List.of());
        }
        Order order = loaded.order();
        Map<String, Integer> quantities = order.quantities();
        List<DomainEvent> orderEvents = order.decide(decision);
        if (order.status().isTerminal()) {
            metrics.decided(order.status(), order.reason());
        }
        boolean touchesStock = decision instanceof OrderDecision.Reserve
                || decision instanceof OrderDecision.Confirm
                || (decision instanceof OrderDecision.Cancel c && c.release());
        Uni<Map<String, Stock>> stocks = !touchesStock
                ? Uni.createFrom().item(Map.of())
                : held != null ? Uni.createFrom().item(held) : stock.hold(quantities.keySet());
        return stocks.chain(rows -> {
            Map<String, List<DomainEvent>> stockEvents = new LinkedHashMap<>();
            String id = order.orderId();
            quantities.forEach((sku, q) -> {
                if (!touchesStock) {
                    return;
                }
                Stock s = rows.get(sku);
                if (s == null) {
                    throw new IllegalStateException("no stock of " + sku + " for order " + id);
                }
                DomainEvent event = decision instanceof OrderDecision.Reserve
                        ? s.reserve(id, q)
                        : decision instanceof OrderDecision.Confirm ? s.sell(id, q) : s.release(id, q);
                stockEvents.put(sku, List.of(event));
            });
            return orders.append(loaded, cause, orderEvents).chain(appended -> stock.append(
                            rows, cause.correlationId(), cause.eventId().toString(), SOURCE, stockEvents)
                    .map(stockAppended -> {
                        List<EventEnvelope> all = new ArrayList<>(appended);
                        all.addAll(stockAppended);
                        return all;
                    }));
        });
    }
}
