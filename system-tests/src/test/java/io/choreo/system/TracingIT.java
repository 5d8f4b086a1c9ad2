package io.choreo.system;

import static io.choreo.system.OrderBodies.item;
import static io.choreo.system.OrderBodies.order;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;

/** One order is one trace, from the client's request through every publish and consume of the four services. */
class TracingIT extends SuiteIT {

    @Test
    void aConfirmedOrderIsOneTraceAcrossTheFourServices() {
        assertOneTrace(
                order("tok_visa", "GB", "ada@example.com", item("SKU-009", 1)),
                "CONFIRMED",
                List.of("InventoryReserved", "PaymentCompleted", "ShipmentCreated", "OrderConfirmed"));
    }

    @Test
    void aCompensatedOrderIsOneTraceToo() {
        assertOneTrace(
                order("tok_visa", "AQ", "ada@example.com", item("SKU-009", 1)),
                "CANCELLED",
                List.of("InventoryReserved", "PaymentCompleted", "ShipmentFailed", "OrderCancelled"));
    }

    /**
     * Places an order under a known client span and checks its trace: the request's server span is
     * a child of the client's, every service exported spans into that one trace, every consumer
     * span is a child of a producer span, the events of the path crossed services that way, and
     * the spans carry the order's ids.
     */
    void assertOneTrace(String body, String status, List<String> crossings) {
        String traceId = java.util.HexFormat.of()
                .formatHex(
                        java.util.UUID.randomUUID().toString().replace("-", "").getBytes(StandardCharsets.US_ASCII),
                        0,
                        16);
        String clientSpan = traceId.substring(0, 16).replace('0', '1');
        String orderId = given().contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .body(body)
                .post(suite.inventory("/orders"))
                .then()
                .statusCode(202)
                .extract()
                .path("orderId");
        assertEquals(status, suite.awaitTerminal(orderId).getString("status"));
        suite.awaitTimeline(orderId, 0);

        List<OtlpReceiver.ReceivedSpan> spans = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> suite.traces.trace(traceId),
                        t -> t.stream()
                                                .filter(s -> s.kind()
                                                                == io.opentelemetry.proto.trace.v1.Span.SpanKind
                                                                        .SPAN_KIND_CONSUMER
                                                        && "notification-service".equals(s.service()))
                                                .count()
                                        >= 1
                                && t.stream()
                                                .map(OtlpReceiver.ReceivedSpan::service)
                                                .distinct()
                                                .count()
                                        == 4);
        Map<String, OtlpReceiver.ReceivedSpan> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.spanId(), s));

        OtlpReceiver.ReceivedSpan server = spans.stream()
                .filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no server span in " + spans));
        assertEquals("inventory-service", server.service());
        assertEquals(clientSpan, server.parentSpanId(), "POST /orders continues the client's trace");
        assertEquals(orderId, server.attributes().get("order.id"));

        List<OtlpReceiver.ReceivedSpan> consumers = spans.stream()
                .filter(s -> s.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER)
                .toList();
        for (OtlpReceiver.ReceivedSpan consumer : consumers) {
            OtlpReceiver.ReceivedSpan parent = byId.get(consumer.parentSpanId());
            assertTrue(
                    parent != null && parent.kind() == io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_PRODUCER,
                    "consumer span " + consumer + " has parent " + parent);
            assertEquals("rabbitmq", consumer.attributes().get("messaging.system"), consumer.toString());
            // The connector's receive span ends on delivery; the handling is its child and names the order.
            OtlpReceiver.ReceivedSpan handling = spans.stream()
                    .filter(s -> s.parentSpanId().equals(consumer.spanId())
                            && s.name().startsWith("handle "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no handling span under " + consumer));
            assertEquals(orderId, handling.attributes().get("order.id"), handling.toString());
        }
        for (String eventType : crossings) {
            assertTrue(
                    consumers.stream()
                            .anyMatch(c -> eventType.equals(
                                            c.attributes().get("messaging.rabbitmq.destination.routing_key"))
                                    && !byId.get(c.parentSpanId()).service().equals(c.service())),
                    eventType + " crosses from its producer to another service's consumer span");
        }
        for (OtlpReceiver.ReceivedSpan s : spans) {
            if (s.name().startsWith("handle ") || s.name().startsWith("outbox relay ")) {
                assertEquals(orderId, s.attributes().get("order.id"), s.toString());
                assertEquals(
                        suite.order(orderId).getString("correlationId"),
                        s.attributes().get("correlation.id"));
                assertTrue(
                        s.attributes().containsKey("event.type")
                                && s.attributes().containsKey("event.id"),
                        s.toString());
            }
        }
    }
}
