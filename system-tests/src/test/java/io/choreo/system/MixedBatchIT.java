package io.choreo.system;

import static io.choreo.system.OrderBodies.item;
import static io.choreo.system.OrderBodies.order;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Many orders of every kind at once, from concurrent clients: every invariant holds once they settle. */
class MixedBatchIT extends SuiteIT {

    static final int BATCH = Integer.getInteger("choreo.batch", 240);

    @Test
    void aMixedBatchKeepsEveryInvariant() throws Exception {
        List<String> bodies = new ArrayList<>();
        String[] skus = {
            "SKU-001", "SKU-002", "SKU-003", "SKU-004", "SKU-005", "SKU-006", "SKU-007", "SKU-008", "SKU-009"
        };
        for (int i = 0; i < BATCH; i++) {
            String sku = skus[i % skus.length];
            String second = skus[(i * 7 + 3) % skus.length];
            bodies.add(
                    switch (i % 25) {
                        case 0, 1 -> order("tok_declined", "GB", "b" + i + "@example.com", item(sku, 1));
                        case 2 -> order("tok_insufficient_funds", "GB", "b" + i + "@example.com", item(sku, 2));
                        case 3 -> order("tok_unavailable", "GB", "b" + i + "@example.com", item(sku, 1));
                        case 4, 5 -> order("tok_flaky", "FR", "b" + i + "@example.com", item(sku, 1), item(second, 2));
                        case 6, 7 -> order("tok_visa", "AQ", "b" + i + "@example.com", item(sku, 1));
                        case 8 -> order("tok_visa", "DE", "b" + i + "@example.invalid", item(sku, 1));
                        case 9 -> order("tok_visa", "GB", "b" + i + "@example.com", item("SKU-010", 1));
                        default ->
                            order(
                                    "tok_mastercard",
                                    "GB",
                                    "b" + i + "@example.com",
                                    item(sku, 1 + i % 3),
                                    item(second, 1));
                    });
        }
        Map<String, Double> consumedBefore = consumedCounters();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> placed = new ArrayList<>();
        for (String body : bodies) {
            placed.add(clients.submit(() -> suite.place(body)));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : placed) {
            ids.add(id.get());
        }
        clients.shutdown();
        double placedIn = (System.nanoTime() - started) / 1e9;
        Awaitility.await()
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'")
                                == 0);
        double settledIn = (System.nanoTime() - started) / 1e9;
        suite.awaitQuiet();

        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Map<String, Object> row : Databases.query(
                "inventory",
                "SELECT status || coalesce('/' || reason, '') AS outcome, count(*) AS n FROM customer_order "
                        + "WHERE id::text = ANY(?) GROUP BY 1 ORDER BY 1",
                (Object) ids.toArray(new String[0]))) {
            outcomes.put((String) row.get("outcome"), ((Number) row.get("n")).longValue());
        }
        System.out.printf(
                "mixed batch: %d orders placed in %.1f s, all terminal after %.1f s: %s%n",
                ids.size(), placedIn, settledIn, outcomes);
        assertEquals(BATCH, ids.size());
        assertTrue(outcomes.getOrDefault("CONFIRMED", 0L) > BATCH / 2, "most orders confirm: " + outcomes);
        suite.assertInvariants();
        Map<String, Double> consumedAfter = consumedCounters();
        for (var instance : consumedAfter.entrySet()) {
            assertTrue(
                    instance.getValue() > consumedBefore.get(instance.getKey()),
                    instance.getKey() + " /q/metrics shows events consumed: " + consumedBefore + " -> "
                            + consumedAfter);
        }
    }

    /** Per running instance, the sum of its choreo_events_consumed_total counters at /q/metrics. */
    static Map<String, Double> consumedCounters() {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Services.Instance instance : suite.services.all()) {
            String metrics = given().get(instance.url() + "/q/metrics")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            sums.put(
                    instance.name,
                    metrics.lines()
                            .filter(l -> l.startsWith("choreo_events_consumed_total{"))
                            .mapToDouble(l -> Double.parseDouble(l.split("[ ]")[1]))
                            .sum());
        }
        return sums;
    }
}
