package io.choreo.payment;

import static io.choreo.events.testing.Caller.asSupport;
import static io.choreo.payment.PaymentFlowTest.reserved;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;

import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.consume.Redelivery;
import io.choreo.events.consume.RetrySchedule;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.TestStore;
import io.choreo.payment.support.FaultyGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** Failed handlings come back after a broker-held backoff, then land in the DLQ, from which an admin replays them. */
@QuarkusTest
@TestProfile(RetryAndDeadLetterTest.ShortDelays.class)
class RetryAndDeadLetterTest extends BrokerTest {

    public static class ShortDelays implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("choreo.retry.delays", "PT1S,PT2S");
        }
    }

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "test-admin-password";

    @Inject
    Pool pool;

    @Inject
    Redelivery redelivery;

    List<String> retryQueues() {
        return redelivery.schedule().delays().stream()
                .map(delay -> RetrySchedule.queue(Topology.PAYMENT, delay))
                .toList();
    }

    long events(String orderId, String type) {
        return new TestStore(pool).events(orderId, type);
    }

    JsonPath awaitCaptured(String orderId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> asSupport().get("/payments/" + orderId).then().extract(),
                        r -> r.statusCode() == 200 && "CAPTURED".equals(r.path("status")))
                .jsonPath();
    }

    List<Map<String, Object>> deadLetters() {
        return given().auth()
                .preemptive()
                .basic(ADMIN, ADMIN_PASSWORD)
                .get("/admin/dlq")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    Map<String, Object> awaitDeadLetter(String eventId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> deadLetters().stream()
                                .filter(d -> eventId.equals(d.get("eventId")))
                                .findFirst()
                                .orElse(null),
                        d -> d != null);
    }

    @Test
    void aHandlingThatFailsTwiceIsRetriedAfterBackoffAndTakesEffectOnce() {
        String orderId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        EventEnvelope event = reserved(orderId, "tok_fails_twice");
        broker.publish(event);
        awaitCaptured(orderId);
        double seconds = (System.nanoTime() - started) / 1e9;
        // Backoff held by the broker: at least 0.8 x 1 s, then 0.8 x 2 s (the jitter only shortens).
        assertTrue(seconds >= 2.4, "came back after backoff, took " + seconds + " s");
        // Every copy is off the broker (nothing waits in the service's queue or its retry queues) ...
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Stream.concat(
                        Stream.of(Topology.queue(Topology.PAYMENT)), retryQueues().stream())
                .allMatch(queue -> broker.messageCount(queue) == 0));
        // ... and exactly one of them took effect: no stray copy came back after the success.
        assertEquals(1, new TestStore(pool).deliveries(event), "deliveries after the failed ones rolled back");
        assertEquals(3, FaultyGateway.CALLS.get(orderId), "two failed attempts, then the one that worked");
        assertEquals(1, events(orderId, "PaymentCompleted"));
    }

    /**
     * Forty reservations at once are handled in batches (one transaction for many), and one whose
     * handling fails rolls back no other's: that one goes on alone (retried after backoff, then
     * charged), the others are charged once each.
     */
    @Test
    void aBurstIsHandledInBatchesAndOneFailingHandlingHoldsNoOtherBack() {
        List<String> healthy = new java.util.ArrayList<>();
        String failing = UUID.randomUUID().toString();
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                broker.publish(reserved(failing, "tok_fails_twice"));
            }
            String orderId = UUID.randomUUID().toString();
            healthy.add(orderId);
            broker.publish(reserved(orderId, "tok_visa"));
        }
        for (String orderId : healthy) {
            awaitCaptured(orderId);
        }
        awaitCaptured(failing);
        for (String orderId : healthy) {
            assertEquals(1, FaultyGateway.CALLS.get(orderId), "charged once: " + orderId);
            assertEquals(1, events(orderId, "PaymentCompleted"), orderId);
        }
        assertEquals(3, FaultyGateway.CALLS.get(failing), "two failed attempts, then the one that worked");
        assertEquals(1, events(failing, "PaymentCompleted"));
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        double largest = metrics.lines()
                .filter(line -> line.startsWith("choreo_consumer_batch_deliveries_max"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .max()
                .orElse(0);
        assertTrue(largest > 1, "some transaction handled more than one delivery: " + largest);
    }

    @Test
    void theAdminEndpointsNeedTheAdminRole() {
        given().get("/admin/dlq").then().statusCode(401);
        given().auth()
                .preemptive()
                .basic("viewer", "test-viewer-password")
                .get("/admin/dlq")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(ADMIN, "wrong")
                .get("/admin/dlq")
                .then()
                .statusCode(401);
        given().auth()
                .preemptive()
                .basic("viewer", "test-viewer-password")
                .post("/admin/dlq/replay")
                .then()
                .statusCode(403);
        given().post("/admin/dlq/replay").then().statusCode(401);
    }

    @Test
    void aHandlingThatKeepsFailingIsDeadLetteredWithWhyAndCanBeReplayed() {
        String orderId = UUID.randomUUID().toString();
        EventEnvelope event = reserved(orderId, "tok_always_fails");
        broker.publish(event);
        Map<String, Object> letter = awaitDeadLetter(event.eventId().toString());
        assertEquals("InventoryReserved", letter.get("eventType"));
        assertEquals(3, letter.get("attempts"));
        assertTrue(((String) letter.get("reason")).contains("failed 3 attempts"), letter.toString());
        assertTrue(letter.get("firstSeen") != null && letter.get("deadLetteredAt") != null, letter.toString());
        asSupport().get("/payments/" + orderId).then().statusCode(404);

        FaultyGateway.heal();
        given().auth()
                .preemptive()
                .basic(ADMIN, ADMIN_PASSWORD)
                .queryParam("eventId", event.eventId().toString())
                .post("/admin/dlq/replay")
                .then()
                .statusCode(200)
                .body("replayed", is(1));
        awaitCaptured(orderId);
        // Replaying again finds nothing to replay, and nothing is charged twice.
        given().auth()
                .preemptive()
                .basic(ADMIN, ADMIN_PASSWORD)
                .queryParam("eventId", event.eventId().toString())
                .post("/admin/dlq/replay")
                .then()
                .statusCode(200)
                .body("replayed", is(0));
        assertEquals(1, events(orderId, "PaymentCompleted"));
    }

    @Test
    void aPoisonMessageIsDeadLetteredAtOnceWithItsReason() {
        String messageId = "poison-" + UUID.randomUUID();
        broker.publishRaw(
                "InventoryReserved",
                new AMQP.BasicProperties.Builder()
                        .messageId(messageId)
                        .contentType("text/plain")
                        .deliveryMode(2)
                        .build(),
                "not an event".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> letter = awaitDeadLetter(messageId);
        assertEquals(1, letter.get("attempts"));
        assertTrue(((String) letter.get("reason")).startsWith("poison"), letter.toString());
    }
}
