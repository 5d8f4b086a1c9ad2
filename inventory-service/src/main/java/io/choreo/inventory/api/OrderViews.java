package io.choreo.inventory.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.choreo.events.contract.OrderItem;
import io.choreo.inventory.domain.OrderOutcome;
import io.choreo.inventory.store.CustomerOrder;
import io.choreo.inventory.store.StockItem;
import io.choreo.inventory.store.TimelineEntry;

/** What the order and inventory API answers. */
public final class OrderViews {

    private OrderViews() {}

    public record Accepted(String orderId, String correlationId, String status) {}

    public record TimelineView(
            String eventType, String source, Instant occurredAt, String eventId, String causationId) {}

    /** Answered to anyone who has the order's id: no e-mail, address or payment token. */
    public record OrderView(
            String orderId,
            String correlationId,
            String status,
            List<OrderItem> items,
            BigDecimal totalAmount,
            String currency,
            String reason,
            String reasonDetail,
            Instant createdAt,
            Instant updatedAt,
            List<TimelineView> timeline) {}

    public record OrderSummary(
            String orderId,
            String correlationId,
            String status,
            BigDecimal totalAmount,
            String currency,
            String reason,
            Instant createdAt) {}

    public record OrderPage(List<OrderSummary> items, int page, int size, long total) {}

    public record StockView(
            String sku, String name, BigDecimal unitPrice, String currency, int available, int reserved, int sold) {}

    static OrderView of(CustomerOrder o, List<TimelineEntry> timeline) {
        return new OrderView(
                o.id.toString(),
                o.correlationId,
                o.status.name(),
                o.items,
                o.totalAmount,
                o.currency,
                o.reason,
                o.reasonDetail,
                o.createdAt,
                o.updatedAt,
                timeline.stream()
                        .map(t -> new TimelineView(
                                t.eventType, t.source, t.occurredAt, t.eventId.toString(), t.causationId))
                        .toList());
    }

    /** The order as it stood then: the outcome its events gave and the timeline up to then. */
    static OrderView asOf(CustomerOrder o, OrderOutcome then, Instant lastChange, List<TimelineEntry> timeline) {
        OrderView now = of(o, timeline);
        return new OrderView(
                now.orderId(),
                now.correlationId(),
                then.status().name(),
                now.items(),
                now.totalAmount(),
                now.currency(),
                then.reason(),
                then.reasonDetail(),
                now.createdAt(),
                lastChange,
                now.timeline());
    }

    static OrderSummary summary(CustomerOrder o) {
        return new OrderSummary(
                o.id.toString(), o.correlationId, o.status.name(), o.totalAmount, o.currency, o.reason, o.createdAt);
    }

    static StockView of(StockItem s) {
        return new StockView(s.sku, s.name, s.unitPrice, s.currency, s.available, s.reserved, s.sold);
    }
}
