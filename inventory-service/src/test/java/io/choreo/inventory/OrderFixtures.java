package io.choreo.inventory;

import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** Requests and look-ups the inventory tests share. */
final class OrderFixtures {

    static final EventCodec CODEC = new EventCodec();

    private OrderFixtures() {}

    static String body(String sku, int quantity, String token, String country) {
        return """
                {"customerEmail": "ada@example.com",
                 "items": [{"sku": "%s", "quantity": %d}],
                 "payment": {"method": "CARD", "token": "%s"},
                 "shippingAddress": {"name": "Ada Lovelace", "street": "1 Analytical Way",
                                     "city": "London", "postalCode": "N1 9GU", "country": "%s"}}
                """.formatted(sku, quantity, token, country);
    }

    static String place(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/orders")
                .then()
                .statusCode(202)
                .extract()
                .path("orderId");
    }

    static JsonPath order(String orderId) {
        return given().get("/orders/" + orderId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    static JsonPath awaitOrder(String orderId, java.util.function.Predicate<JsonPath> condition) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> order(orderId), condition::test);
    }

    static List<String> timelineTypes(JsonPath order) {
        return order.getList("timeline.eventType");
    }

    static Map<String, Object> stock(String sku) {
        return given().get("/inventory/" + sku)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("");
    }

    static int stockOf(String sku, String field) {
        return ((Number) stock(sku).get(field)).intValue();
    }

    /** An event about {@code orderId} as another service would send it. */
    static EventEnvelope eventFor(JsonPath order, DomainEvent payload, String source) {
        List<String> ids = order.getList("timeline.eventId");
        return CODEC.envelope(payload, "Test", 1, order.getString("correlationId"), ids.get(ids.size() - 1), source);
    }

    static long count(Pool pool, String sql) {
        return pool.query(sql)
                .execute()
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getLong(0);
    }

    /** How many transactions wait for a lock on a {@code stock_item} row. */
    static long waitingForStockRows(Pool pool) {
        return count(
                pool,
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%stock_item%'");
    }

    static String newKey() {
        return UUID.randomUUID().toString();
    }
}
