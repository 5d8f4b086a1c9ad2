package io.choreo.inventory.store;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.projection.FoldedReadModel;
import io.choreo.events.store.JsonColumns;
import io.choreo.inventory.domain.Order;

/** {@code customer_order}: one row per order, the fold of its Order events. */
@ApplicationScoped
public class OrdersReadModel extends FoldedReadModel {

    static final List<String> COLUMNS = List.of(
            "id",
            "correlation_id",
            "status",
            "reason",
            "reason_detail",
            "customer_email",
            "items",
            "total_amount",
            "currency",
            "payment_method",
            "payment_token",
            "shipping_address",
            "stock_held",
            "placed_event_id",
            "created_at",
            "updated_at");

    private static final JsonColumns.Items ITEMS = new JsonColumns.Items();
    private static final JsonColumns.PostalAddress ADDRESS = new JsonColumns.PostalAddress();

    @Inject
    EventCodec codec;

    public OrdersReadModel() {
        super("orders", "customer_order", OrderStore.AGGREGATE, "id", COLUMNS);
    }

    /**
     * No handling reads this table, and a batch holds its orders from its start (so the order
     * clock, which must hold an order to time it out, leaves them to the batch): the row waits
     * for the batch's end.
     */
    @Override
    public boolean writtenAtBatchEnd() {
        return true;
    }

    @Override
    public Object key(String orderId) {
        return UUID.fromString(orderId);
    }

    @Override
    public List<List<Object>> rows(String orderId, List<EventEnvelope> events) {
        Order order = Order.fold(orderId, events.stream().map(codec::payload).toList());
        if (!order.exists()) {
            return List.of();
        }
        EventEnvelope placed = events.get(0);
        return List.of(Arrays.asList(
                UUID.fromString(orderId),
                placed.correlationId(),
                order.status().name(),
                order.reason(),
                order.reasonDetail(),
                order.customerEmail(),
                ITEMS.convertToDatabaseColumn(order.items()),
                order.totalAmount(),
                order.currency(),
                order.paymentMethod(),
                order.paymentToken(),
                ADDRESS.convertToDatabaseColumn(order.shippingAddress()),
                order.stockHeld(),
                placed.eventId(),
                placed.occurredAt(),
                events.get(events.size() - 1).occurredAt()));
    }
}
