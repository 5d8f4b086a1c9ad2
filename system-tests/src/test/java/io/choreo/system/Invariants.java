package io.choreo.system;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The six invariants of DESIGN.md, checked on the services' own databases and on the broker once
 * the system is quiet. Each broken rule is reported as one line naming the order or SKU.
 */
final class Invariants {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Invariants() {}

    record Item(String sku, int quantity, BigDecimal unitPrice) {}

    /**
     * @param deadLetters  queue -> number of dead letters the tests sent on purpose
     * @param dlqDepth     queue -> dead letters found
     */
    static List<String> check(Map<String, Long> deadLetters, Map<String, Long> dlqDepth) {
        List<String> broken = new ArrayList<>();
        List<Map<String, Object>> orders =
                Databases.query("inventory", "SELECT id::text AS id, status, total_amount, items FROM customer_order");
        Map<String, Map<String, Object>> payments = byOrder(
                Databases.query("payment", "SELECT order_id, status, captured_amount, refunded_amount FROM payment"));
        Map<String, Long> captures = counts(
                Databases.query(
                        "payment",
                        "SELECT aggregate_id AS order_id, count(*) AS n FROM event_store WHERE event_type = 'PaymentCompleted' GROUP BY aggregate_id"));
        Map<String, Long> liveShipments = counts(Databases.query(
                "shipping", "SELECT order_id, count(*) AS n FROM shipment WHERE status = 'CREATED' GROUP BY order_id"));
        Map<String, Map<String, Object>> notifications =
                byOrder(Databases.query("notification", "SELECT order_id, type, status FROM notification"));

        Map<String, Integer> soldToConfirmed = new HashMap<>();
        for (Map<String, Object> order : orders) {
            String id = (String) order.get("id");
            String status = (String) order.get("status");
            BigDecimal total = (BigDecimal) order.get("total_amount");
            boolean confirmed = "CONFIRMED".equals(status);
            // 1. Every accepted order is in exactly one terminal state.
            if (!List.of("CONFIRMED", "REJECTED", "CANCELLED").contains(status)) {
                broken.add("1: order " + id + " is " + status);
            }
            if (confirmed) {
                for (Item item : items((String) order.get("items"))) {
                    soldToConfirmed.merge(item.sku(), item.quantity(), Integer::sum);
                }
            }
            // 3. captured - refunded = total for CONFIRMED, 0 otherwise; never captured twice.
            Map<String, Object> payment = payments.get(id);
            BigDecimal net = payment == null
                    ? BigDecimal.ZERO
                    : ((BigDecimal) payment.get("captured_amount"))
                            .subtract((BigDecimal) payment.get("refunded_amount"));
            BigDecimal expected = confirmed ? total : BigDecimal.ZERO;
            if (net.compareTo(expected) != 0) {
                broken.add("3: order " + id + " (" + status + ") nets " + net + ", expected " + expected);
            }
            if (captures.getOrDefault(id, 0L) > 1) {
                broken.add("3: order " + id + " was captured " + captures.get(id) + " times");
            }
            // 4. Exactly one non-cancelled shipment per CONFIRMED order, none for the others.
            long shipments = liveShipments.getOrDefault(id, 0L);
            if (shipments != (confirmed ? 1 : 0)) {
                broken.add("4: order " + id + " (" + status + ") has " + shipments + " live shipments");
            }
            // 5. Exactly one customer notification per order, matching its terminal state.
            Map<String, Object> note = notifications.get(id);
            if (note == null || !("ORDER_" + status).equals(note.get("type"))) {
                broken.add("5: order " + id + " (" + status + ") has notification " + note);
            }
        }
        for (String orderId : payments.keySet()) {
            if (orders.stream().noneMatch(o -> o.get("id").equals(orderId))) {
                broken.add("3: payment for unknown order " + orderId);
            }
        }
        if (notifications.size() != orders.size()) {
            broken.add("5: " + notifications.size() + " notifications for " + orders.size() + " orders");
        }
        // 2. Per SKU: stock ever added (StockAdded: seeded + restocked) = available + reserved + sold;
        // reserved 0; sold = confirmed quantities.
        Map<String, Integer> added = new java.util.HashMap<>();
        for (Map<String, Object> row : Databases.query(
                "inventory",
                "SELECT aggregate_id AS sku, sum((envelope::json -> 'payload' ->> 'quantity')::int)::int AS added "
                        + "FROM event_store WHERE event_type = 'StockAdded' GROUP BY 1")) {
            added.put((String) row.get("sku"), (Integer) row.get("added"));
        }
        for (Map<String, Object> stock :
                Databases.query("inventory", "SELECT sku, available, reserved, sold FROM stock_item")) {
            String sku = (String) stock.get("sku");
            int available = (Integer) stock.get("available");
            int reserved = (Integer) stock.get("reserved");
            int sold = (Integer) stock.get("sold");
            if (added.getOrDefault(sku, -1) != available + reserved + sold) {
                broken.add("2: " + sku + " added " + added.get(sku) + " != " + available + "+" + reserved + "+" + sold);
            }
            if (reserved != 0) {
                broken.add("2: " + sku + " still has " + reserved + " reserved");
            }
            if (sold != soldToConfirmed.getOrDefault(sku, 0)) {
                broken.add("2: " + sku + " sold " + sold + " but confirmed orders hold "
                        + soldToConfirmed.getOrDefault(sku, 0));
            }
        }
        // 6. No committed event left unpublished; no dead letter but the poison ones a test sent.
        for (String service : Databases.SERVICES) {
            long unpublished = Databases.count(service, "SELECT count(*) FROM event_outbox");
            if (unpublished != 0) {
                broken.add("6: " + service + " has " + unpublished + " unpublished events");
            }
        }
        dlqDepth.forEach((queue, depth) -> {
            if (depth != deadLetters.getOrDefault(queue, 0L)) {
                broken.add("6: " + queue + " holds " + depth + " dead letters, expected "
                        + deadLetters.getOrDefault(queue, 0L));
            }
        });
        return broken;
    }

    static List<Item> items(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<Item>>() {});
        } catch (Exception e) {
            throw new IllegalStateException(json, e);
        }
    }

    private static Map<String, Map<String, Object>> byOrder(List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> out = new HashMap<>();
        rows.forEach(r -> out.put((String) r.get("order_id"), r));
        return out;
    }

    private static Map<String, Long> counts(List<Map<String, Object>> rows) {
        Map<String, Long> out = new HashMap<>();
        rows.forEach(r -> out.put((String) r.get("order_id"), ((Number) r.get("n")).longValue()));
        return out;
    }
}
