package io.choreo.system;

import static io.choreo.system.OrderBodies.item;
import static io.choreo.system.OrderBodies.order;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;

import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;

/** Nothing done twice, nothing stalled: duplicates have no second effect, poison goes aside. */
class DeliveryIT extends SuiteIT {

    @Test
    void everyEventDeliveredAgainHasNoSecondEffect() {
        String orderId = suite.place(order("tok_visa", "GB", "ada@example.com", item("SKU-008", 3)));
        suite.awaitTerminal(orderId);
        suite.awaitQuiet();
        Map<String, Object> before = effects(orderId);

        List<EventEnvelope> all = new ArrayList<>();
        for (String service : Databases.SERVICES) {
            for (Map<String, Object> row : Databases.query(
                    service,
                    "SELECT envelope FROM event_store WHERE aggregate_id = ? AND NOT private_event ORDER BY id",
                    orderId)) {
                all.add(suite.broker.codec().decode((String) row.get("envelope")));
            }
        }
        assertEquals(6, all.size(), "events of a confirmed order: " + all);
        for (int round = 0; round < 2; round++) {
            all.forEach(suite.broker::publish);
        }
        suite.awaitQuiet();
        assertEquals(before, effects(orderId));
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndNothingStalls() {
        String paymentDlq = Topology.deadLetterQueue(Topology.PAYMENT);
        String inventoryDlq = Topology.deadLetterQueue(Topology.INVENTORY);
        long paymentBefore = suite.broker.messageCount(paymentDlq);
        long inventoryBefore = suite.broker.messageCount(inventoryDlq);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType("text/plain")
                .deliveryMode(2)
                .build();
        // One poison per consumer: each queue takes only the types it is bound to.
        suite.broker.publishRaw("InventoryReserved", props, "definitely not an event".getBytes(StandardCharsets.UTF_8));
        suite.broker.publishRaw("ShipmentCreated", props, "definitely not an event".getBytes(StandardCharsets.UTF_8));
        suite.poisonSent.merge(paymentDlq, 1L, Long::sum);
        suite.poisonSent.merge(inventoryDlq, 1L, Long::sum);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> suite.broker.messageCount(paymentDlq) == paymentBefore + 1
                        && suite.broker.messageCount(inventoryDlq) == inventoryBefore + 1);
        String after = suite.place(order("tok_visa", "GB", "ada@example.com", item("SKU-009", 1)));
        assertEquals("CONFIRMED", suite.awaitTerminal(after).getString("status"));
    }

    /** Everything an order changed, across the four databases. */
    static Map<String, Object> effects(String orderId) {
        Map<String, Object> effects = new LinkedHashMap<>();
        for (String service : Databases.SERVICES) {
            effects.put(
                    service + ".events",
                    Databases.query(
                            service,
                            "SELECT event_type, count(*) FROM event_store WHERE aggregate_id = ? GROUP BY 1 ORDER BY 1",
                            orderId));
        }
        effects.put(
                "order",
                Databases.query(
                        "inventory", "SELECT status, updated_at FROM customer_order WHERE id::text = ?", orderId));
        effects.put(
                "timeline",
                Databases.count("inventory", "SELECT count(*) FROM timeline_entry WHERE order_id = ?", orderId));
        effects.put(
                "stock",
                Databases.query("inventory", "SELECT sku, available, reserved, sold FROM stock_item ORDER BY sku"));
        effects.put("payment", Databases.query("payment", "SELECT * FROM payment WHERE order_id = ?", orderId));
        effects.put("shipment", Databases.query("shipping", "SELECT * FROM shipment WHERE order_id = ?", orderId));
        effects.put(
                "notification",
                Databases.query("notification", "SELECT * FROM notification WHERE order_id = ?", orderId));
        return effects;
    }
}
