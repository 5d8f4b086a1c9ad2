package io.choreo.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.restassured.path.json.JsonPath;

/**
 * inventory's statistics (GET /orders/stats, fed from the stream) against a count over its orders
 * table: once the stream readers have caught up, the two must be equal, nothing missed and
 * nothing counted twice.
 */
final class OrderStatistics {

    private OrderStatistics() {}

    static JsonPath stats(String inventoryUrl) {
        return given().auth()
                .preemptive()
                .basic("support", Services.SUPPORT_PASSWORD)
                .get(inventoryUrl + "/orders/stats")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** What the statistics must say: the orders table counted by status, and by reason. */
    static Map<String, Long> fromOrdersTable() {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("placed", Databases.count("inventory", "SELECT count(*) FROM customer_order"));
        for (String status : new String[] {"CONFIRMED", "REJECTED", "CANCELLED", "PENDING"}) {
            expected.put(
                    status.toLowerCase(),
                    Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = ?", status));
        }
        for (Map<String, Object> row : Databases.query(
                "inventory",
                "SELECT reason, count(*) AS n FROM customer_order WHERE reason IS NOT NULL GROUP BY reason")) {
            expected.put("byReason." + row.get("reason"), ((Number) row.get("n")).longValue());
        }
        return expected;
    }

    static Map<String, Long> fromStatistics(JsonPath stats) {
        Map<String, Long> actual = new LinkedHashMap<>();
        for (String count : new String[] {"placed", "confirmed", "rejected", "cancelled", "pending"}) {
            actual.put(count, stats.getLong(count));
        }
        stats.<String, Number>getMap("byReason")
                .forEach((reason, n) -> actual.put("byReason." + reason, n.longValue()));
        return actual;
    }

    /** Waits (up to a minute) for the readers to catch up, then the statistics must equal the count. */
    static void assertMatchOrdersTable(String inventoryUrl) {
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> stats(inventoryUrl).getLong("streamLag") == 0
                            && fromStatistics(stats(inventoryUrl)).equals(fromOrdersTable()));
        } catch (ConditionTimeoutException e) {
            // the assertion below says what differs
        }
        JsonPath stats = stats(inventoryUrl);
        assertEquals(fromOrdersTable(), fromStatistics(stats), "statistics vs the orders table: " + stats.prettify());
        assertEquals(0, stats.getLong("streamLag"), "the readers have caught up");
    }
}
