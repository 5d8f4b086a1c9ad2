package io.choreo.system;

import static io.choreo.system.OrderBodies.item;
import static io.choreo.system.OrderBodies.order;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;
import io.restassured.path.json.JsonPath;

/** An order nobody answers in time is cancelled, and what its late events did is undone by their producers. */
class OrderTimeoutIT extends SuiteIT {

    @Test
    void anOrderThatTimesOutIsCancelledAndItsLateCaptureIsRefunded() throws Exception {
        Services services = suite.services;
        services.kill(services.get("payment-1"));
        services.kill(services.get("payment-2"));
        int available = suite.stock("SKU-007").getInt("available");
        String orderId = suite.place(order("tok_visa", "GB", "ada@example.com", item("SKU-007", 2)));
        JsonPath cancelled = Awaitility.await()
                .atMost(RunningSuite.ORDER_TIMEOUT.plusSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> suite.order(orderId), o -> !"PENDING".equals(o.getString("status")));
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals("timed_out", cancelled.getString("reason"));
        assertEquals(available, suite.stock("SKU-007").getInt("available"));

        // InventoryReserved and then OrderCancelled wait in payment's queue. Take them out, so that
        // payment meets them one after the other: first the capture, late, then the cancellation.
        String queue = Topology.queue(Topology.PAYMENT);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> suite.broker.messageCount(queue) == 2);
        List<TestBroker.Received> waiting = suite.broker.drain(queue);
        assertEquals(
                List.of("InventoryReserved", "OrderCancelled"),
                waiting.stream().map(m -> m.properties().getType()).toList());
        services.restart(services.get("payment-1"));
        services.restart(services.get("payment-2"));

        suite.broker.publishRaw(
                "InventoryReserved",
                waiting.get(0).properties(),
                waiting.get(0).body().getBytes(StandardCharsets.UTF_8));
        JsonPath captured = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> RunningSuite.asSupport()
                                .get(suite.url("payment-1", "/payments/" + orderId))
                                .then()
                                .extract(),
                        r -> r.statusCode() == 200)
                .jsonPath();
        assertEquals("CAPTURED", captured.getString("status"), "the late capture happened");
        suite.broker.publishRaw(
                "OrderCancelled",
                waiting.get(1).properties(),
                waiting.get(1).body().getBytes(StandardCharsets.UTF_8));
        JsonPath refunded = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> suite.payment(orderId), p -> "REFUNDED".equals(p.getString("status")));
        assertEquals(
                refunded.getFloat("capturedAmount"), refunded.getFloat("refundedAmount"), "a late capture is refunded");

        suite.awaitQuiet();
        assertEquals("CANCELLED", suite.order(orderId).getString("status"));
        assertEquals(
                0,
                Databases.count(
                        "shipping",
                        "SELECT count(*) FROM shipment WHERE order_id = ? AND status = 'CREATED'",
                        orderId));
        suite.assertNotification(orderId, "ORDER_CANCELLED", "SENT");
        List<String> timeline = suite.order(orderId).getList("timeline.eventType");
        assertTrue(timeline.contains("PaymentRefunded"), timeline.toString());
    }
}
