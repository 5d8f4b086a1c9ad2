package io.choreo.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.rabbitmq.client.AMQP;

import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The four packaged services as separate processes (two replicas each of payment and shipping) on
 * the real broker and databases: every outcome path, a duplicate storm, a timeout with late
 * events, a poison message, and a mixed batch; then the six invariants of DESIGN.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChoreographyIT {

    static final Duration ORDER_TIMEOUT = Duration.ofSeconds(20);
    static final int BATCH = Integer.getInteger("choreo.batch", 240);

    static Services services;
    static TestBroker broker;
    static OtlpReceiver traces;
    static final Map<String, Integer> initialStock = new LinkedHashMap<>();
    static final Map<String, Long> poisonSent = new HashMap<>();

    @BeforeAll
    static void startTheSuite() throws Exception {
        Path root = Path.of(System.getProperty("choreo.root", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("choreo.logs", "target/service-logs"));
        Databases.recreate();
        broker = TestBroker.connect("127.0.0.1", 5672, "guest", "guest", Services.VHOST);
        broker.deleteQueues(Topology.BINDINGS.keySet());

        traces = new OtlpReceiver();
        services = new Services(root, logs, Map.of(
                "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "PT0.2S"));
        services.add("inventory", "inventory", 18081, Map.of(
                "CHOREO_ORDER_TIMEOUT", "PT" + ORDER_TIMEOUT.toSeconds() + "S",
                "CHOREO_ORDER_TIMEOUT_CHECK_INTERVAL", "1s"));
        services.add("payment", "payment-1", 18082, Map.of());
        services.add("payment", "payment-2", 18092, Map.of());
        services.add("shipping", "shipping-1", 18083, Map.of());
        services.add("shipping", "shipping-2", 18093, Map.of());
        services.add("notification", "notification", 18084, Map.of());
        services.startAll();

        for (Map<String, Object> item : given().get(inventory("/inventory")).then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>> getList("")) {
            initialStock.put((String) item.get("sku"), ((Number) item.get("available")).intValue());
        }
    }

    @AfterAll
    static void stopTheSuite() {
        if (broker != null) {
            broker.close();
        }
        if (services != null) {
            services.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    // --- the outcome paths of DESIGN.md -----------------------------------------------------

    @Test
    @Order(1)
    void everyOutcomePathEndsAsDesigned() {
        String confirmed = place(order("tok_visa", "GB", "ada@example.com", item("SKU-001", 2)));
        String rejected = place(order("tok_visa", "GB", "ada@example.com", item("SKU-010", 5)));
        String declined = place(order("tok_declined", "GB", "ada@example.com", item("SKU-002", 1)));
        String unavailable = place(order("tok_unavailable", "GB", "ada@example.com", item("SKU-003", 1)));
        String flaky = place(order("tok_flaky", "GB", "ada@example.com", item("SKU-004", 1)));
        String unserviceable = place(order("tok_visa", "AQ", "ada@example.com", item("SKU-005", 1)));
        String badMail = place(order("tok_visa", "GB", "ada@example.invalid", item("SKU-006", 1)));

        JsonPath ok = awaitTerminal(confirmed);
        assertEquals("CONFIRMED", ok.getString("status"));
        assertEquals(List.of("OrderPlaced", "InventoryReserved", "PaymentCompleted", "ShipmentCreated", "OrderConfirmed",
                "NotificationSent"), awaitTimeline(confirmed, 6));
        assertEquals("CAPTURED", payment(confirmed).getString("status"));
        assertEquals(ok.getFloat("totalAmount"), payment(confirmed).getFloat("capturedAmount"));
        assertEquals("CREATED", shipment(confirmed).getString("status"));
        assertNotification(confirmed, "ORDER_CONFIRMED", "SENT");
        assertCausalChain(confirmed);

        JsonPath no = awaitTerminal(rejected);
        assertEquals("REJECTED", no.getString("status"));
        assertEquals("out_of_stock", no.getString("reason"));
        given().get(url("payment-1", "/payments/" + rejected)).then().statusCode(404);
        assertNotification(rejected, "ORDER_REJECTED", "SENT");

        assertCancelled(declined, "payment_failed", "card_declined", "FAILED");
        assertCancelled(unavailable, "payment_failed", "gateway_unavailable", "FAILED");
        assertEquals("CONFIRMED", awaitTerminal(flaky).getString("status"));
        assertCancelled(unserviceable, "shipment_failed", "unserviceable_destination", "REFUNDED");
        assertEquals("FAILED", shipment(unserviceable).getString("status"));
        JsonPath refunded = payment(unserviceable);
        assertEquals(refunded.getFloat("capturedAmount"), refunded.getFloat("refundedAmount"));

        assertEquals("CONFIRMED", awaitTerminal(badMail).getString("status"));
        assertNotification(badMail, "ORDER_CONFIRMED", "FAILED");

        // Stock of every failed order is back; only the confirmed ones are sold.
        for (String sku : List.of("SKU-002", "SKU-003", "SKU-005")) {
            assertEquals(initialStock.get(sku), stock(sku).getInt("available"), sku);
            assertEquals(0, stock(sku).getInt("reserved"), sku);
        }
        assertEquals(initialStock.get("SKU-001") - 2, stock("SKU-001").getInt("available"));
        assertEquals(2, stock("SKU-001").getInt("sold"));
    }

    @Test
    @Order(2)
    void aConfirmedOrderIsOneTraceAcrossTheFourServices() {
        assertOneTrace(order("tok_visa", "GB", "ada@example.com", item("SKU-009", 1)), "CONFIRMED",
                List.of("InventoryReserved", "PaymentCompleted", "ShipmentCreated", "OrderConfirmed"));
    }

    @Test
    @Order(2)
    void aCompensatedOrderIsOneTraceToo() {
        assertOneTrace(order("tok_visa", "AQ", "ada@example.com", item("SKU-009", 1)), "CANCELLED",
                List.of("InventoryReserved", "PaymentCompleted", "ShipmentFailed", "OrderCancelled"));
    }

    /**
     * Places an order under a known client span and checks its trace: the request's server span is
     * a child of the client's, every service exported spans into that one trace, every consumer
     * span is a child of a producer span, the events of the path crossed services that way, and
     * the spans carry the order's ids.
     */
    void assertOneTrace(String body, String status, List<String> crossings) {
        String traceId = java.util.HexFormat.of().formatHex(java.util.UUID.randomUUID().toString().replace("-", "")
                .getBytes(StandardCharsets.US_ASCII), 0, 16);
        String clientSpan = traceId.substring(0, 16).replace('0', '1');
        String orderId = given().contentType(ContentType.JSON).header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .body(body).post(inventory("/orders")).then().statusCode(202).extract().path("orderId");
        assertEquals(status, awaitTerminal(orderId).getString("status"));
        awaitTimeline(orderId, 0);

        List<OtlpReceiver.ReceivedSpan> spans = Awaitility.await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250)).until(() -> traces.trace(traceId), t -> t.stream()
                        .filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER
                                && "notification-service".equals(s.service()))
                        .count() >= 1 && t.stream().map(OtlpReceiver.ReceivedSpan::service).distinct().count() == 4);
        Map<String, OtlpReceiver.ReceivedSpan> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.spanId(), s));

        OtlpReceiver.ReceivedSpan server = spans.stream()
                .filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER).findFirst()
                .orElseThrow(() -> new AssertionError("no server span in " + spans));
        assertEquals("inventory-service", server.service());
        assertEquals(clientSpan, server.parentSpanId(), "POST /orders continues the client's trace");
        assertEquals(orderId, server.attributes().get("order.id"));

        List<OtlpReceiver.ReceivedSpan> consumers = spans.stream()
                .filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER).toList();
        for (OtlpReceiver.ReceivedSpan consumer : consumers) {
            OtlpReceiver.ReceivedSpan parent = byId.get(consumer.parentSpanId());
            assertTrue(parent != null && parent.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER,
                    "consumer span " + consumer + " has parent " + parent);
            assertEquals("rabbitmq", consumer.attributes().get("messaging.system"), consumer.toString());
            // The connector's receive span ends on delivery; the handling is its child and names the order.
            OtlpReceiver.ReceivedSpan handling = spans.stream()
                    .filter(s -> s.parentSpanId().equals(consumer.spanId()) && s.name().startsWith("handle ")).findFirst()
                    .orElseThrow(() -> new AssertionError("no handling span under " + consumer));
            assertEquals(orderId, handling.attributes().get("order.id"), handling.toString());
        }
        for (String eventType : crossings) {
            assertTrue(consumers.stream().anyMatch(c -> eventType.equals(c.attributes().get("messaging.rabbitmq.destination.routing_key"))
                    && !byId.get(c.parentSpanId()).service().equals(c.service())),
                    eventType + " crosses from its producer to another service's consumer span");
        }
        for (OtlpReceiver.ReceivedSpan s : spans) {
            if (s.name().startsWith("handle ") || s.name().startsWith("outbox relay ")) {
                assertEquals(orderId, s.attributes().get("order.id"), s.toString());
                assertEquals(order(orderId).getString("correlationId"), s.attributes().get("correlation.id"));
                assertTrue(s.attributes().containsKey("event.type") && s.attributes().containsKey("event.id"), s.toString());
            }
        }
    }

    @Test
    @Order(2)
    void aRepeatedIdempotencyKeyPlacesOneOrder() {
        String body = order("tok_visa", "GB", "ada@example.com", item("SKU-009", 1));
        String key = "st-" + System.nanoTime();
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post(inventory("/orders")).then().statusCode(202).extract().path("orderId");
        String again = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .post(inventory("/orders")).then().statusCode(202).extract().path("orderId");
        assertEquals(first, again);
        assertEquals(1, Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE idempotency_key = ?", key));
        awaitTerminal(first);
    }

    @Test
    @Order(3)
    void everyEventDeliveredAgainHasNoSecondEffect() throws Exception {
        String orderId = place(order("tok_visa", "GB", "ada@example.com", item("SKU-008", 3)));
        awaitTerminal(orderId);
        awaitQuiet();
        Map<String, Object> before = effects(orderId);

        List<EventEnvelope> all = new ArrayList<>();
        for (String service : Databases.SERVICES) {
            for (Map<String, Object> row : Databases.query(service,
                    "SELECT envelope FROM event_store WHERE aggregate_id = ? ORDER BY id", orderId)) {
                all.add(broker.codec().decode((String) row.get("envelope")));
            }
        }
        assertEquals(6, all.size(), "events of a confirmed order: " + all);
        for (int round = 0; round < 2; round++) {
            all.forEach(broker::publish);
        }
        awaitQuiet();
        assertEquals(before, effects(orderId));
    }

    @Test
    @Order(4)
    void aPoisonMessageIsDeadLetteredAndNothingStalls() {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("text/plain").deliveryMode(2).build();
        broker.publishRaw("InventoryReserved", props, "definitely not an event".getBytes(StandardCharsets.UTF_8));
        poisonSent.merge(Topology.deadLetterQueue(Topology.PAYMENT), 1L, Long::sum);
        poisonSent.merge(Topology.deadLetterQueue(Topology.INVENTORY), 1L, Long::sum);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                broker.messageCount(Topology.deadLetterQueue(Topology.PAYMENT)) == 1
                        && broker.messageCount(Topology.deadLetterQueue(Topology.INVENTORY)) == 1);
        String after = place(order("tok_visa", "GB", "ada@example.com", item("SKU-009", 1)));
        assertEquals("CONFIRMED", awaitTerminal(after).getString("status"));
    }

    @Test
    @Order(5)
    void anOrderThatTimesOutIsCancelledAndItsLateEventsAreCompensated() throws Exception {
        services.kill(services.get("payment-1"));
        services.kill(services.get("payment-2"));
        String orderId = place(order("tok_visa", "GB", "ada@example.com", item("SKU-007", 2)));
        JsonPath cancelled = Awaitility.await().atMost(ORDER_TIMEOUT.plusSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> order(orderId), o -> !"PENDING".equals(o.getString("status")));
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals("timed_out", cancelled.getString("reason"));
        assertEquals(initialStock.get("SKU-007"), stock("SKU-007").getInt("available"));

        // Payment comes back and finds InventoryReserved, then OrderCancelled, waiting in its queue.
        services.restart(services.get("payment-1"));
        services.restart(services.get("payment-2"));
        awaitQuiet();
        assertEquals("CANCELLED", order(orderId).getString("status"));
        var late = given().get(url("payment-1", "/payments/" + orderId)).then().extract();
        if (late.statusCode() == 200) {
            assertEquals(late.jsonPath().getFloat("capturedAmount"), late.jsonPath().getFloat("refundedAmount"),
                    "a late capture is refunded");
        }
        assertEquals(0, Databases.count("shipping", "SELECT count(*) FROM shipment WHERE order_id = ? AND status = 'CREATED'",
                orderId));
        assertNotification(orderId, "ORDER_CANCELLED", "SENT");
    }

    @Test
    @Order(6)
    void aMixedBatchKeepsEveryInvariant() throws Exception {
        List<String> bodies = new ArrayList<>();
        String[] skus = { "SKU-001", "SKU-002", "SKU-003", "SKU-004", "SKU-005", "SKU-006", "SKU-007", "SKU-008", "SKU-009" };
        for (int i = 0; i < BATCH; i++) {
            String sku = skus[i % skus.length];
            String second = skus[(i * 7 + 3) % skus.length];
            bodies.add(switch (i % 25) {
                case 0, 1 -> order("tok_declined", "GB", "b" + i + "@example.com", item(sku, 1));
                case 2 -> order("tok_insufficient_funds", "GB", "b" + i + "@example.com", item(sku, 2));
                case 3 -> order("tok_unavailable", "GB", "b" + i + "@example.com", item(sku, 1));
                case 4, 5 -> order("tok_flaky", "FR", "b" + i + "@example.com", item(sku, 1), item(second, 2));
                case 6, 7 -> order("tok_visa", "AQ", "b" + i + "@example.com", item(sku, 1));
                case 8 -> order("tok_visa", "DE", "b" + i + "@example.invalid", item(sku, 1));
                case 9 -> order("tok_visa", "GB", "b" + i + "@example.com", item("SKU-010", 1));
                default -> order("tok_mastercard", "GB", "b" + i + "@example.com", item(sku, 1 + i % 3), item(second, 1));
            });
        }
        Map<String, Double> consumedBefore = consumedCounters();
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<String>> placed = new ArrayList<>();
        for (String body : bodies) {
            placed.add(clients.submit(() -> place(body)));
        }
        List<String> ids = new ArrayList<>();
        for (Future<String> id : placed) {
            ids.add(id.get());
        }
        clients.shutdown();
        double placedIn = (System.nanoTime() - started) / 1e9;
        Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
                .until(() -> Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'") == 0);
        double settledIn = (System.nanoTime() - started) / 1e9;
        awaitQuiet();

        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Map<String, Object> row : Databases.query("inventory",
                "SELECT status || coalesce('/' || reason, '') AS outcome, count(*) AS n FROM customer_order "
                        + "WHERE id::text = ANY(?) GROUP BY 1 ORDER BY 1", (Object) ids.toArray(new String[0]))) {
            outcomes.put((String) row.get("outcome"), ((Number) row.get("n")).longValue());
        }
        System.out.printf("mixed batch: %d orders placed in %.1f s, all terminal after %.1f s: %s%n", ids.size(), placedIn,
                settledIn, outcomes);
        assertEquals(BATCH, ids.size());
        assertTrue(outcomes.getOrDefault("CONFIRMED", 0L) > BATCH / 2, "most orders confirm: " + outcomes);
        assertInvariants();
        Map<String, Double> consumedAfter = consumedCounters();
        for (var instance : consumedAfter.entrySet()) {
            assertTrue(instance.getValue() > consumedBefore.get(instance.getKey()),
                    instance.getKey() + " /q/metrics shows events consumed: " + consumedBefore + " -> " + consumedAfter);
        }
    }

    /** Per running instance, the sum of its choreo_events_consumed_total counters at /q/metrics. */
    static Map<String, Double> consumedCounters() {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (Services.Instance instance : services.all()) {
            String metrics = given().get(instance.url() + "/q/metrics").then().statusCode(200).extract().asString();
            sums.put(instance.name, metrics.lines().filter(l -> l.startsWith("choreo_events_consumed_total{"))
                    .mapToDouble(l -> Double.parseDouble(l.split("[ ]")[1])).sum());
        }
        return sums;
    }

    // --- helpers ----------------------------------------------------------------------------

    void assertInvariants() {
        Map<String, Long> depth = new LinkedHashMap<>();
        for (String service : Topology.BINDINGS.keySet()) {
            depth.put(Topology.deadLetterQueue(service), broker.messageCount(Topology.deadLetterQueue(service)));
        }
        List<String> broken = Invariants.check(initialStock, poisonSent, depth);
        long orders = Databases.count("inventory", "SELECT count(*) FROM customer_order");
        System.out.printf("invariants checked over %d orders: %d broken%n", orders, broken.size());
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    /** Waits until no order is pending, every event store is published, and every queue is empty, twice in a row. */
    static void awaitQuiet() {
        awaitQuiet(broker);
    }

    static void awaitQuiet(TestBroker broker) {
        int[] calm = { 0 };
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            boolean quiet = Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'") == 0;
            for (String service : Databases.SERVICES) {
                quiet &= Databases.count(service, "SELECT count(*) FROM event_store WHERE published_at IS NULL") == 0;
            }
            for (String service : Topology.BINDINGS.keySet()) {
                quiet &= broker.messageCount(Topology.queue(service)) == 0;
            }
            calm[0] = quiet ? calm[0] + 1 : 0;
            return calm[0] >= 3;
        });
    }

    /** Everything an order changed, across the four databases. */
    static Map<String, Object> effects(String orderId) {
        Map<String, Object> effects = new LinkedHashMap<>();
        for (String service : Databases.SERVICES) {
            effects.put(service + ".events", Databases.query(service,
                    "SELECT event_type, count(*) FROM event_store WHERE aggregate_id = ? GROUP BY 1 ORDER BY 1", orderId));
        }
        effects.put("order", Databases.query("inventory", "SELECT status, version FROM customer_order WHERE id::text = ?", orderId));
        effects.put("timeline", Databases.count("inventory", "SELECT count(*) FROM timeline_entry WHERE order_id = ?", orderId));
        effects.put("stock", Databases.query("inventory", "SELECT sku, available, reserved, sold FROM stock_item ORDER BY sku"));
        effects.put("payment", Databases.query("payment", "SELECT * FROM payment WHERE order_id = ?", orderId));
        effects.put("shipment", Databases.query("shipping", "SELECT * FROM shipment WHERE order_id = ?", orderId));
        effects.put("notification", Databases.query("notification", "SELECT * FROM notification WHERE order_id = ?", orderId));
        return effects;
    }

    void assertCancelled(String orderId, String reason, String detail, String paymentStatus) {
        JsonPath order = awaitTerminal(orderId);
        assertEquals("CANCELLED", order.getString("status"), orderId);
        assertEquals(reason, order.getString("reason"));
        assertEquals(detail, order.getString("reasonDetail"));
        assertEquals(paymentStatus, Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> payment(orderId).getString("status"), paymentStatus::equals));
        assertTrue(awaitTimeline(orderId, 0).contains("InventoryReleased"));
        assertNotification(orderId, "ORDER_CANCELLED", "SENT");
    }

    /** Every event of the order shares its correlation id, and each was caused by an earlier one of its timeline. */
    void assertCausalChain(String orderId) {
        JsonPath order = order(orderId);
        String correlation = order.getString("correlationId");
        List<String> seen = new ArrayList<>();
        for (Map<String, Object> entry : order.<Map<String, Object>> getList("timeline")) {
            String cause = (String) entry.get("causationId");
            assertTrue(seen.isEmpty() ? cause == null : seen.contains(cause), "causation of " + entry);
            seen.add((String) entry.get("eventId"));
        }
        for (String service : Databases.SERVICES) {
            assertEquals(0, Databases.count(service,
                    "SELECT count(*) FROM event_store WHERE aggregate_id = ? AND correlation_id <> ?", orderId, correlation));
        }
    }

    void assertNotification(String orderId, String type, String status) {
        JsonPath notes = Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().queryParam("orderId", orderId).get(url("notification", "/notifications")).then()
                        .statusCode(200).extract().jsonPath(), n -> !n.getList("").isEmpty());
        assertEquals(1, notes.getList("").size());
        assertEquals(type, notes.getString("[0].type"));
        assertEquals(status, notes.getString("[0].status"));
    }

    static List<String> awaitTimeline(String orderId, int size) {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> order(orderId).<String> getList("timeline.eventType"),
                        t -> size == 0 ? t.contains("NotificationSent") || t.contains("NotificationFailed") : t.size() >= size);
    }

    static JsonPath awaitTerminal(String orderId) {
        return Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> order(orderId), o -> !"PENDING".equals(o.getString("status")));
    }

    static String place(String body) {
        return given().contentType(ContentType.JSON).body(body).post(inventory("/orders"))
                .then().statusCode(202).extract().path("orderId");
    }

    static JsonPath order(String orderId) {
        return given().get(inventory("/orders/" + orderId)).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath payment(String orderId) {
        return given().get(url("payment-2", "/payments/" + orderId)).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath shipment(String orderId) {
        return given().get(url("shipping-2", "/shipments/" + orderId)).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath stock(String sku) {
        return given().get(inventory("/inventory/" + sku)).then().statusCode(200).extract().jsonPath();
    }

    static String inventory(String path) {
        return url("inventory", path);
    }

    static String url(String instance, String path) {
        return services.get(instance).url() + path;
    }

    static String item(String sku, int quantity) {
        return "{\"sku\": \"%s\", \"quantity\": %d}".formatted(sku, quantity);
    }

    static String order(String token, String country, String email, String... items) {
        return """
                {"customerEmail": "%s", "items": [%s],
                 "payment": {"method": "CARD", "token": "%s"},
                 "shippingAddress": {"name": "Ada Lovelace", "street": "1 Analytical Way", "city": "London",
                                     "postalCode": "N1 9GU", "country": "%s"}}
                """.formatted(email, String.join(", ", items), token, country);
    }

}
