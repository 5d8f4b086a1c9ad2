package io.choreo.system;

import static io.choreo.system.OrderBodies.item;
import static io.choreo.system.OrderBodies.order;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Every outcome path of the contract, across the four services as processes. */
class OutcomePathsIT extends SuiteIT {

    @Test
    void everyOutcomePathEndsAsDesigned() {
        Map<String, Integer> before = new java.util.HashMap<>();
        for (String sku : List.of("SKU-001", "SKU-002", "SKU-003", "SKU-005")) {
            before.put(sku, suite.stock(sku).getInt("available"));
        }
        int soldBefore = suite.stock("SKU-001").getInt("sold");
        String confirmed = suite.place(order("tok_visa", "GB", "ada@example.com", item("SKU-001", 2)));
        String rejected = suite.place(order("tok_visa", "GB", "ada@example.com", item("SKU-010", 5)));
        String declined = suite.place(order("tok_declined", "GB", "ada@example.com", item("SKU-002", 1)));
        String unavailable = suite.place(order("tok_unavailable", "GB", "ada@example.com", item("SKU-003", 1)));
        String flaky = suite.place(order("tok_flaky", "GB", "ada@example.com", item("SKU-004", 1)));
        String unserviceable = suite.place(order("tok_visa", "AQ", "ada@example.com", item("SKU-005", 1)));
        String badMail = suite.place(order("tok_visa", "GB", "ada@example.invalid", item("SKU-006", 1)));

        JsonPath ok = suite.awaitTerminal(confirmed);
        assertEquals("CONFIRMED", ok.getString("status"));
        assertEquals(
                List.of(
                        "OrderPlaced",
                        "InventoryReserved",
                        "PaymentCompleted",
                        "ShipmentCreated",
                        "OrderConfirmed",
                        "NotificationSent"),
                suite.awaitTimeline(confirmed, 6));
        assertEquals("CAPTURED", suite.payment(confirmed).getString("status"));
        assertEquals(ok.getFloat("totalAmount"), suite.payment(confirmed).getFloat("capturedAmount"));
        assertEquals("CREATED", suite.shipment(confirmed).getString("status"));
        suite.assertNotification(confirmed, "ORDER_CONFIRMED", "SENT");
        assertCausalChain(confirmed);
        // The packaged services, too, keep the customer's data to support: the order's public
        // answer does not name her, and her payment needs credentials.
        assertNull(ok.get("customerEmail"));
        given().get(suite.url("payment-1", "/payments/" + confirmed)).then().statusCode(401);

        JsonPath no = suite.awaitTerminal(rejected);
        assertEquals("REJECTED", no.getString("status"));
        assertEquals("out_of_stock", no.getString("reason"));
        RunningSuite.asSupport()
                .get(suite.url("payment-1", "/payments/" + rejected))
                .then()
                .statusCode(404);
        suite.assertNotification(rejected, "ORDER_REJECTED", "SENT");

        assertCancelled(declined, "payment_failed", "card_declined", "FAILED");
        assertCancelled(unavailable, "payment_failed", "gateway_unavailable", "FAILED");
        assertEquals("CONFIRMED", suite.awaitTerminal(flaky).getString("status"));
        assertCancelled(unserviceable, "shipment_failed", "unserviceable_destination", "REFUNDED");
        assertEquals("FAILED", suite.shipment(unserviceable).getString("status"));
        JsonPath refunded = suite.payment(unserviceable);
        assertEquals(refunded.getFloat("capturedAmount"), refunded.getFloat("refundedAmount"));

        assertEquals("CONFIRMED", suite.awaitTerminal(badMail).getString("status"));
        suite.assertNotification(badMail, "ORDER_CONFIRMED", "FAILED");

        // Stock of every failed order is back; only the confirmed ones are sold.
        for (String sku : List.of("SKU-002", "SKU-003", "SKU-005")) {
            assertEquals(before.get(sku), suite.stock(sku).getInt("available"), sku);
            assertEquals(0, suite.stock(sku).getInt("reserved"), sku);
        }
        assertEquals(before.get("SKU-001") - 2, suite.stock("SKU-001").getInt("available"));
        assertEquals(soldBefore + 2, suite.stock("SKU-001").getInt("sold"));
    }

    @Test
    void aRepeatedIdempotencyKeyPlacesOneOrder() {
        String body = order("tok_visa", "GB", "ada@example.com", item("SKU-009", 1));
        String key = "st-" + System.nanoTime();
        String first = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post(suite.inventory("/orders"))
                .then()
                .statusCode(202)
                .extract()
                .path("orderId");
        String again = given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body)
                .post(suite.inventory("/orders"))
                .then()
                .statusCode(202)
                .extract()
                .path("orderId");
        assertEquals(first, again);
        assertEquals(
                1, Databases.count("inventory", "SELECT count(*) FROM order_request WHERE idempotency_key = ?", key));
        suite.awaitTerminal(first);
    }

    void assertCancelled(String orderId, String reason, String detail, String paymentStatus) {
        JsonPath order = suite.awaitTerminal(orderId);
        assertEquals("CANCELLED", order.getString("status"), orderId);
        assertEquals(reason, order.getString("reason"));
        assertEquals(detail, order.getString("reasonDetail"));
        assertEquals(
                paymentStatus,
                Awaitility.await()
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> suite.payment(orderId).getString("status"), paymentStatus::equals));
        assertTrue(suite.awaitTimeline(orderId, 0).contains("InventoryReleased"));
        suite.assertNotification(orderId, "ORDER_CANCELLED", "SENT");
    }

    /** Every event of the order shares its correlation id, and each was caused by an earlier one of its timeline. */
    void assertCausalChain(String orderId) {
        JsonPath order = suite.order(orderId);
        String correlation = order.getString("correlationId");
        List<String> seen = new ArrayList<>();
        for (Map<String, Object> entry : order.<Map<String, Object>>getList("timeline")) {
            String cause = (String) entry.get("causationId");
            assertTrue(seen.isEmpty() ? cause == null : seen.contains(cause), "causation of " + entry);
            seen.add((String) entry.get("eventId"));
        }
        for (String service : Databases.SERVICES) {
            assertEquals(
                    0,
                    Databases.count(
                            service,
                            "SELECT count(*) FROM event_store WHERE aggregate_id = ? AND correlation_id <> ?",
                            orderId,
                            correlation));
        }
    }
}
