package io.choreo.system;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * The four packaged services as separate processes (two replicas each of payment and shipping) on
 * fresh system-test databases and an empty broker vhost, with an OTLP receiver for their traces:
 * started once, before the first system test class that needs it, and stopped after the last test
 * of the run. The fault drill, which needs the machine to itself, stops it first.
 */
final class RunningSuite implements AutoCloseable {

    static final Duration ORDER_TIMEOUT = Duration.ofSeconds(20);

    private static RunningSuite shared;

    final Services services;
    final TestBroker broker;
    final OtlpReceiver traces;
    /** SKU -> stock before the first order. */
    /** Dead-letter queue -> poison messages the tests sent there on purpose. */
    final Map<String, Long> poisonSent = new HashMap<>();

    private RunningSuite() throws Exception {
        Path root = Path.of(System.getProperty("choreo.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path logs = Path.of(System.getProperty("choreo.logs", "target/service-logs"));
        Databases.recreate();
        broker = TestBroker.connect("127.0.0.1", 5672, "guest", "guest", Services.VHOST);
        broker.deleteQueues(Topology.BINDINGS.keySet());
        broker.deleteStream();
        traces = new OtlpReceiver();
        services = new Services(
                root,
                logs,
                Map.of(
                        "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint(),
                        "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                        "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                        "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "PT0.2S"));
        services.add(
                "inventory",
                "inventory",
                18081,
                Map.of(
                        "CHOREO_ORDER_TIMEOUT",
                        "PT" + ORDER_TIMEOUT.toSeconds() + "S",
                        "CHOREO_ORDER_TIMEOUT_CHECK_INTERVAL",
                        "1s"));
        services.add("payment", "payment-1", 18082, Map.of());
        services.add("payment", "payment-2", 18092, Map.of());
        services.add("shipping", "shipping-1", 18083, Map.of());
        services.add("shipping", "shipping-2", 18093, Map.of());
        services.add("notification", "notification", 18084, Map.of());
        services.startAll();
    }

    /** The running suite, started by the first caller. */
    static synchronized RunningSuite shared() throws Exception {
        if (shared == null) {
            shared = new RunningSuite();
        }
        return shared;
    }

    /** Stops the shared suite if it runs (the next caller of {@link #shared()} gets a fresh one). */
    static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Registered on a test class: the suite stops when the whole run ends, however many classes shared it. */
    static final class StopAtTheEnd implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            context.getRoot()
                    .getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(StopAtTheEnd.class, key -> (AutoCloseable) RunningSuite::stopShared);
        }
    }

    @Override
    public void close() {
        broker.close();
        services.close();
        traces.close();
    }

    // --- what the tests ask of it -----------------------------------------------------------

    void awaitQuiet() {
        Quiet.await(broker);
    }

    void assertInvariants() {
        Quiet.assertInvariants(broker, poisonSent);
        Quiet.assertProjectionsMatch(
                services.all().stream().filter(i -> i.process.isAlive()).toList());
    }

    String place(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post(inventory("/orders"))
                .then()
                .statusCode(202)
                .extract()
                .path("orderId");
    }

    JsonPath order(String orderId) {
        return given().get(inventory("/orders/" + orderId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath awaitTerminal(String orderId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> order(orderId), o -> !"PENDING".equals(o.getString("status")));
    }

    /** The timeline once it has {@code size} entries, or (size 0) once the customer was told. */
    List<String> awaitTimeline(String orderId, int size) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> order(orderId).<String>getList("timeline.eventType"),
                        t -> size == 0
                                ? t.contains("NotificationSent") || t.contains("NotificationFailed")
                                : t.size() >= size);
    }

    /** A request as the read-only support user: payments, shipments, notifications and the order listing need it. */
    static RequestSpecification asSupport() {
        return given().auth().preemptive().basic("support", Services.SUPPORT_PASSWORD);
    }

    JsonPath payment(String orderId) {
        return asSupport()
                .get(url("payment-2", "/payments/" + orderId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath shipment(String orderId) {
        return asSupport()
                .get(url("shipping-2", "/shipments/" + orderId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    JsonPath stock(String sku) {
        return given().get(inventory("/inventory/" + sku))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    void assertNotification(String orderId, String type, String status) {
        JsonPath notes = Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> asSupport()
                                .queryParam("orderId", orderId)
                                .get(url("notification", "/notifications"))
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        n -> !n.getList("").isEmpty());
        assertEquals(1, notes.getList("").size());
        assertEquals(type, notes.getString("[0].type"));
        assertEquals(status, notes.getString("[0].status"));
    }

    String inventory(String path) {
        return url("inventory", path);
    }

    String url(String instance, String path) {
        return services.get(instance).url() + path;
    }
}
