package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.body;
import static io.choreo.inventory.OrderFixtures.place;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** GET /orders/stats and GET /orders/live as the contract has them, fed from the stream. */
@QuarkusTest
class OrderStatisticsTest {

    static final String SUPPORT = "support";
    static final String SUPPORT_PASSWORD = "test-support-password";

    @TestHTTPResource("/orders/live")
    URI live;

    @Test
    void theStatisticsCountTheOrdersAsTheyAreDecided() {
        JsonPath before = settled();
        place(body("SKU-010", 50, "tok_visa", "GB")); // beyond the stock: rejected at once
        place(body("SKU-001", 1, "tok_visa", "GB")); // waits for a payment nobody sends: pending

        JsonPath after = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        OrderStatisticsTest::stats,
                        // Not pending or cancelled: an order of an earlier run may time out meanwhile.
                        s -> s.getLong("placed") == before.getLong("placed") + 2
                                && s.getLong("rejected") == before.getLong("rejected") + 1);
        assertEquals(
                Set.of(
                        "placed",
                        "confirmed",
                        "rejected",
                        "cancelled",
                        "pending",
                        "byReason",
                        "decisionMillis",
                        "perMinute",
                        "stuck",
                        "streamLag"),
                after.getMap("").keySet());
        assertEquals(before.getLong("confirmed"), after.getLong("confirmed"));
        assertTrue(after.getLong("pending") >= 1, "the order waiting for its payment is pending");
        assertEquals(reason(before, "out_of_stock") + 1, reason(after, "out_of_stock"));
        assertNotNull(after.get("decisionMillis.p50"), "a decision within 15 minutes has a time");
        assertTrue(after.getLong("decisionMillis.p99") >= after.getLong("decisionMillis.p50"));
        List<Map<String, Object>> minutes = after.getList("perMinute");
        assertEquals(15, minutes.size(), "the last 15 minutes, a bucket each");
        assertEquals(
                Set.of("minute", "placed", "confirmed", "rejected", "cancelled"),
                minutes.get(14).keySet());
        assertTrue(
                after.getLong("perMinute.placed.sum()") >= 2 || after.getInt("perMinute[14].placed") >= 1,
                after.prettify());
        assertTrue(after.getList("stuck") != null);
        assertTrue(after.getLong("streamLag") >= 0);
    }

    @Test
    void theStatisticsAreForSupportAndAdminOnly() {
        given().get("/orders/stats").then().statusCode(401);
        given().auth()
                .preemptive()
                .basic("viewer", "test-viewer-password")
                .get("/orders/stats")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic("admin", "test-admin-password")
                .get("/orders/stats")
                .then()
                .statusCode(200);
        given().get("/orders/live").then().statusCode(401);
        given().get("/live").then().statusCode(401);
        given().auth()
                .preemptive()
                .basic(SUPPORT, SUPPORT_PASSWORD)
                .get("/live")
                .then()
                .statusCode(200)
                .contentType("text/html");
    }

    @Test
    void theLiveStreamSendsTheStatisticsAndEachDecidedOrder() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(live)
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString(
                                                (SUPPORT + ":" + SUPPORT_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "text/event-stream")
                .build();
        var response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        try {
            HttpResponse<Stream<String>> answer = response.get(10, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            Thread reader = new Thread(() -> answer.body().forEach(lines::add));
            reader.setDaemon(true);
            reader.start();

            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String stats = dataOf("stats", lines, until);
            assertTrue(new JsonPath(stats).getMap("").containsKey("perMinute"), stats);

            String orderId = place(body("SKU-010", 40, "tok_visa", "GB"));
            until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String decided = null;
            while (decided == null) {
                String data = dataOf("decided", lines, until);
                if (data.contains(orderId)) {
                    decided = data;
                }
            }
            JsonPath order = new JsonPath(decided);
            assertEquals("REJECTED", order.getString("status"));
            assertEquals("out_of_stock", order.getString("reason"));
        } finally {
            response.cancel(true);
        }
    }

    /** The data of the next event of this name; fails when none comes before {@code until} (nanoTime). */
    private static String dataOf(String event, BlockingQueue<String> lines, long until) throws InterruptedException {
        String current = null;
        while (true) {
            assertTrue(System.nanoTime() < until, "no " + event + " event in time");
            String line = lines.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(line, "no " + event + " event in time");
            if (line.startsWith("event:")) {
                current = line.substring(6).trim();
            } else if (line.startsWith("data:") && event.equals(current)) {
                return line.substring(5).trim();
            }
        }
    }

    /**
     * The statistics once the stream reader has caught up with the orders of the tests before
     * (it writes a batch up to choreo.stream.linger after the batch's first event): placed and
     * rejected unchanged over a second. Counted from there, two new orders are two more.
     */
    static JsonPath settled() {
        JsonPath[] last = {stats()};
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ofSeconds(1))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> {
                            JsonPath previous = last[0];
                            last[0] = stats();
                            boolean quiet = previous.getLong("placed") == last[0].getLong("placed")
                                    && previous.getLong("rejected") == last[0].getLong("rejected");
                            return quiet ? last[0] : null;
                        },
                        java.util.Objects::nonNull);
    }

    static JsonPath stats() {
        return given().auth()
                .preemptive()
                .basic(SUPPORT, SUPPORT_PASSWORD)
                .get("/orders/stats")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    private static long reason(JsonPath stats, String reason) {
        Object n = stats.getMap("byReason").get(reason);
        return n == null ? 0 : ((Number) n).longValue();
    }
}
