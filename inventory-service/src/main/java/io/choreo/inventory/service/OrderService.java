package io.choreo.inventory.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.consume.EventConsumer;
import io.choreo.events.contract.*;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.http.Problem;
import io.choreo.events.http.ProblemException;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.outbox.OutboxRelay;
import io.choreo.events.telemetry.TraceContexts;
import io.choreo.inventory.domain.OrderDecision;
import io.choreo.inventory.domain.OrderRules;
import io.choreo.inventory.domain.OrderStatus;
import io.choreo.inventory.store.CustomerOrder;
import io.choreo.inventory.store.StockItem;
import io.choreo.inventory.telemetry.OrderMetrics;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Everything that changes an order or the stock: placing it, and carrying out the decisions of
 * {@link OrderRules} in answer to events and to the clock. Each method runs inside the caller's
 * transaction (or opens one) and returns the events it caused, for the outbox.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);
    public static final String SOURCE = "inventory-service";
    public static final String AGGREGATE = "Order";

    @Inject
    EventCodec codec;

    @Inject
    EventStore store;

    @Inject
    OutboxRelay relay;

    @Inject
    OrderMetrics metrics;

    @ConfigProperty(name = "choreo.order.currency", defaultValue = "EUR")
    String currency;

    /** The result of a placement: the order, and whether this call created it. */
    public record Placement(CustomerOrder order, boolean created) {}

    /** Accepts an order (PENDING) and its OrderPlaced event in one transaction; a repeated key returns the first. */
    public Uni<Placement> place(OrderPlaced draft, String idempotencyKey, String fingerprint, String correlationId) {
        return Panache.withTransaction(() -> existing(idempotencyKey)
                        .chain(found -> found != null
                                ? Uni.createFrom().item(replayed(found, fingerprint))
                                : create(draft, idempotencyKey, fingerprint, correlationId)))
                .onFailure(e -> idempotencyKey != null && EventConsumer.isConflict(e))
                .recoverWithUni(e -> Panache.withSession(() -> existing(idempotencyKey))
                        .onItem()
                        .ifNull()
                        .failWith(e)
                        .map(found -> replayed(found, fingerprint)))
                .invoke(placement -> {
                    if (placement.created()) {
                        relay.wake();
                    }
                });
    }

    /** The first order of a repeated Idempotency-Key, if the request is the same one. */
    private static Placement replayed(CustomerOrder first, String fingerprint) {
        if (first.requestFingerprint != null && !first.requestFingerprint.equals(fingerprint)) {
            throw new ProblemException(
                    422,
                    "Unprocessable Content",
                    "This Idempotency-Key was used for a different order.",
                    List.of(new Problem.Violation("Idempotency-Key", "was used before with another body")));
        }
        return new Placement(first, false);
    }

    private Uni<CustomerOrder> existing(String idempotencyKey) {
        return idempotencyKey == null
                ? Uni.createFrom().nullItem()
                : CustomerOrder.findByIdempotencyKey(idempotencyKey);
    }

    private Uni<Placement> create(OrderPlaced draft, String idempotencyKey, String fingerprint, String correlationId) {
        List<OrderItem> wanted = draft.items().stream()
                .map(line -> new OrderItem(line.sku(), line.quantity(), null))
                .toList();
        return StockItem.findAll(OrderRules.quantitiesBySku(wanted).keySet()).chain(found -> {
            Map<String, StockItem> catalogue =
                    found.stream().collect(Collectors.toMap(s -> s.sku, Function.identity()));
            List<Problem.Violation> unknown = new ArrayList<>();
            List<OrderItem> priced = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = 0; i < wanted.size(); i++) {
                OrderItem item = wanted.get(i);
                StockItem stock = catalogue.get(item.sku());
                if (stock == null) {
                    unknown.add(new Problem.Violation("items[" + i + "].sku", "unknown SKU '" + item.sku() + "'"));
                    continue;
                }
                priced.add(new OrderItem(item.sku(), item.quantity(), stock.unitPrice));
                total = total.add(stock.unitPrice.multiply(BigDecimal.valueOf(item.quantity())));
            }
            if (!unknown.isEmpty()) {
                throw new ProblemException(
                        422, "Unprocessable Content", "The order names SKUs that are not in the catalogue.", unknown);
            }
            Instant now = Instant.now();
            CustomerOrder order = new CustomerOrder();
            order.id = UUID.fromString(draft.orderId());
            order.correlationId = correlationId;
            order.idempotencyKey = idempotencyKey;
            order.requestFingerprint = fingerprint;
            order.status = OrderStatus.PENDING;
            order.customerEmail = draft.customerEmail();
            order.items = priced;
            order.totalAmount = total;
            order.currency = currency;
            order.paymentMethod = draft.paymentMethod();
            order.paymentToken = draft.paymentToken();
            order.shippingAddress = draft.shippingAddress();
            order.traceparent = TraceContexts.traceparent(Context.current());
            order.createdAt = now;
            order.updatedAt = now;
            OrderPlaced placed = new OrderPlaced(
                    draft.orderId(),
                    draft.customerEmail(),
                    priced.stream()
                            .map(item -> new OrderPlaced.Line(
                                    item.sku(), item.quantity(), new Money(item.unitPrice(), currency)))
                            .toList(),
                    total,
                    currency,
                    draft.paymentMethod(),
                    draft.paymentToken(),
                    draft.shippingAddress());
            EventEnvelope event = event(order, placed, null);
            order.placedEventId = event.eventId();
            return order.<CustomerOrder>persist()
                    .call(() -> store.append(List.of(event)))
                    .map(saved -> new Placement(saved, true));
        });
    }

    /** OrderPlaced (its own): reserve the stock, or reject the order. */
    public Uni<List<EventEnvelope>> onOrderPlaced(EventEnvelope cause, OrderPlaced placed) {
        return reserve(cause);
    }

    /** ShipmentCreated: turn reserved into sold, then OrderConfirmed. */
    public Uni<List<EventEnvelope>> onShipmentCreated(EventEnvelope cause, ShipmentCreated created) {
        return onShipmentCreated(cause);
    }

    public Uni<List<EventEnvelope>> reserve(EventEnvelope cause) {
        return withOrder(cause, order -> StockItem.lockAll(
                        OrderRules.quantitiesBySku(order.items).keySet())
                .chain(stock -> {
                    Map<String, Integer> available =
                            stock.stream().collect(Collectors.toMap(s -> s.sku, s -> s.available));
                    OrderDecision decision = OrderRules.onPlaced(order.status, order.stockHeld, order.items, available);
                    return carryOut(order, decision, cause.eventId().toString(), stock);
                }));
    }

    public Uni<List<EventEnvelope>> onShipmentCreated(EventEnvelope cause) {
        return decideAndCarryOut(cause, order -> OrderRules.onShipmentCreated(order.status, order.stockHeld));
    }

    public Uni<List<EventEnvelope>> onPaymentFailed(EventEnvelope cause, PaymentFailed failed) {
        return decideAndCarryOut(
                cause, order -> OrderRules.onPaymentFailed(order.status, order.stockHeld, failed.reason()));
    }

    public Uni<List<EventEnvelope>> onShipmentFailed(EventEnvelope cause, ShipmentFailed failed) {
        return decideAndCarryOut(
                cause, order -> OrderRules.onShipmentFailed(order.status, order.stockHeld, failed.reason()));
    }

    /** The clock: cancels one overdue order in its own transaction and publishes what it caused. */
    public Uni<Void> timeOut(UUID orderId, Duration timeout) {
        return Panache.withTransaction(() -> CustomerOrder.lock(orderId).chain(order -> {
                    OrderDecision decision = OrderRules.onTimeout(
                            order.status, order.stockHeld, "no outcome within " + timeout.toSeconds() + "s");
                    return carryOut(order, decision, order.placedEventId.toString(), null)
                            .call(events -> store.append(events, order.traceparent));
                }))
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

    private Uni<List<EventEnvelope>> decideAndCarryOut(
            EventEnvelope cause, Function<CustomerOrder, OrderDecision> rule) {
        return withOrder(
                cause,
                order -> carryOut(order, rule.apply(order), cause.eventId().toString(), null));
    }

    private Uni<List<EventEnvelope>> withOrder(
            EventEnvelope cause, Function<CustomerOrder, Uni<List<EventEnvelope>>> work) {
        return CustomerOrder.lock(UUID.fromString(cause.aggregateId())).chain(order -> {
            if (order == null) {
                LOG.warnf(
                        "%s %s names unknown order %s; ignored",
                        cause.eventType(), cause.eventId(), cause.aggregateId());
                return Uni.createFrom().item(List.<EventEnvelope>of());
            }
            return work.apply(order);
        });
    }

    /** Applies a decision to the order and the stock; {@code locked} holds the stock rows if already locked. */
    private Uni<List<EventEnvelope>> carryOut(
            CustomerOrder order, OrderDecision decision, String causationId, List<StockItem> locked) {
        if (decision instanceof OrderDecision.Ignore ignore) {
            LOG.debugf("order %s: %s", order.id, ignore.why());
            return Uni.createFrom().item(List.of());
        }
        Uni<List<StockItem>> stock = locked != null
                ? Uni.createFrom().item(locked)
                : StockItem.lockAll(OrderRules.quantitiesBySku(order.items).keySet());
        return stock.map(rows -> {
            Map<String, StockItem> bySku = rows.stream().collect(Collectors.toMap(s -> s.sku, Function.identity()));
            Map<String, Integer> quantities = OrderRules.quantitiesBySku(order.items);
            List<EventEnvelope> events = new ArrayList<>();
            order.updatedAt = Instant.now();
            if (decision instanceof OrderDecision.Reserve) {
                quantities.forEach((sku, q) -> {
                    bySku.get(sku).available -= q;
                    bySku.get(sku).reserved += q;
                });
                order.stockHeld = true;
                events.add(event(
                        order,
                        new InventoryReserved(
                                order.id.toString(),
                                order.items,
                                order.totalAmount,
                                order.currency,
                                order.paymentMethod,
                                order.paymentToken,
                                order.shippingAddress,
                                order.customerEmail),
                        causationId));
            } else if (decision instanceof OrderDecision.Reject r) {
                EventEnvelope failed = event(
                        order,
                        new InventoryReservationFailed(
                                order.id.toString(), OrderRules.OUT_OF_STOCK, r.unavailableSkus()),
                        causationId);
                events.add(failed);
                end(
                        order,
                        OrderStatus.REJECTED,
                        OrderRules.OUT_OF_STOCK,
                        "insufficient stock for " + String.join(", ", r.unavailableSkus()));
                events.add(event(
                        order,
                        new OrderRejected(order.id.toString(), order.customerEmail, order.reason, order.reasonDetail),
                        failed.eventId().toString()));
            } else if (decision instanceof OrderDecision.Confirm) {
                quantities.forEach((sku, q) -> {
                    bySku.get(sku).reserved -= q;
                    bySku.get(sku).sold += q;
                });
                order.stockHeld = false;
                end(order, OrderStatus.CONFIRMED, null, null);
                events.add(event(
                        order,
                        new OrderConfirmed(order.id.toString(), order.customerEmail, order.totalAmount, order.currency),
                        causationId));
            } else if (decision instanceof OrderDecision.Cancel c) {
                String cause = causationId;
                if (c.release()) {
                    quantities.forEach((sku, q) -> {
                        bySku.get(sku).reserved -= q;
                        bySku.get(sku).available += q;
                    });
                    order.stockHeld = false;
                    EventEnvelope released = event(
                            order, new InventoryReleased(order.id.toString(), order.items, c.reason()), causationId);
                    events.add(released);
                    cause = released.eventId().toString();
                }
                end(order, OrderStatus.CANCELLED, c.reason(), c.reasonDetail());
                events.add(event(
                        order,
                        new OrderCancelled(order.id.toString(), order.customerEmail, c.reason(), c.reasonDetail()),
                        cause));
            }
            return events;
        });
    }

    private void end(CustomerOrder order, OrderStatus status, String reason, String detail) {
        order.status = status;
        order.reason = reason;
        order.reasonDetail = detail;
        metrics.decided(status, reason);
    }

    private EventEnvelope event(CustomerOrder order, DomainEvent payload, String causationId) {
        return codec.envelope(payload, AGGREGATE, order.nextEventVersion(), order.correlationId, causationId, SOURCE);
    }
}
