package io.choreo.payment;

import static io.choreo.payment.PaymentFlowTest.reserved;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;

import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Caller;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

/** {@code GET /admin/dlq} is a peek: limited, nothing held after it, odd letters listed, two admins see the same letters. */
@QuarkusTest
class DeadLetterListTest extends BrokerTest {

    static final String DLQ = Topology.deadLetterQueue(Topology.PAYMENT);

    @BeforeEach
    @AfterEach
    void emptyTheDeadLetterQueue() {
        broker.purge(DLQ);
    }

    void deadLetter(String messageId, Map<String, Object> headers, String body) {
        broker.publishToQueue(
                DLQ,
                new AMQP.BasicProperties.Builder()
                        .messageId(messageId)
                        .type(messageId == null ? null : "InventoryReserved")
                        .headers(headers)
                        .deliveryMode(2)
                        .build(),
                body.getBytes(StandardCharsets.UTF_8));
    }

    List<String> letters(int count) {
        List<String> ids = IntStream.range(0, count)
                .mapToObj(i -> "letter-" + i + "-" + UUID.randomUUID())
                .toList();
        ids.forEach(id -> deadLetter(id, Map.of("x-choreo-attempts", 3, "x-choreo-reason", "failed 3 attempts"), "{}"));
        return ids;
    }

    void awaitReady(long letters) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> broker.messageCount(DLQ) == letters);
    }

    static ExtractableResponse<Response> list(String query) {
        return given().auth()
                .preemptive()
                .basic(RetryAndDeadLetterTest.ADMIN, RetryAndDeadLetterTest.ADMIN_PASSWORD)
                .get("/admin/dlq" + query)
                .then()
                .statusCode(200)
                .extract();
    }

    static List<String> ids(ExtractableResponse<Response> listed) {
        return listed.jsonPath().getList("eventId", String.class);
    }

    @Test
    void theListIsAPeekOfAtMostTheLimitThatHoldsNothing() {
        List<String> sent = letters(150);

        ExtractableResponse<Response> first = list("?limit=120");
        assertEquals(120, ids(first).size());
        assertEquals(120, new HashSet<>(ids(first)).size(), "no letter listed twice");
        assertEquals("150", first.header("X-Dead-Letters-Total"));
        // Every letter is ready again (the broker applies the requeue a moment later): none is held.
        awaitReady(150);

        assertEquals(100, ids(list("")).size(), "100 by default");
        awaitReady(150);
        assertEquals(Set.copyOf(sent), Set.copyOf(ids(list("?limit=1000"))));
        given().auth()
                .preemptive()
                .basic(RetryAndDeadLetterTest.ADMIN, RetryAndDeadLetterTest.ADMIN_PASSWORD)
                .get("/admin/dlq?limit=0")
                .then()
                .statusCode(400);
    }

    @Test
    void lettersWithOddOrMissingHeadersAreListed() {
        deadLetter(null, null, "never an event");
        deadLetter("odd-" + UUID.randomUUID(), Map.of("x-death", "odd", "x-choreo-attempts", "lots"), "{}");
        String counted = "counted-" + UUID.randomUUID();
        deadLetter(counted, Map.of("x-death", List.of(Map.of("count", 4L, "queue", "payment-service.events"))), "{");

        List<Map<String, Object>> listed = list("").jsonPath().getList("");

        assertEquals(3, listed.size(), listed.toString());
        assertNull(listed.get(0).get("eventId"));
        assertEquals(1, listed.get(0).get("attempts"));
        assertEquals(1, listed.get(1).get("attempts"), "an attempts header that is no number counts as one");
        assertEquals(counted, listed.get(2).get("eventId"));
        assertEquals(4, listed.get(2).get("attempts"), "the broker's x-death count when ours is missing");
        awaitReady(3);
    }

    @Test
    void twoAdminsListingAtOnceEachSeeEveryLetterOnce() throws Exception {
        Set<String> sent = Set.copyOf(letters(60));
        ExecutorService admins = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                List<Future<List<String>>> calls = new ArrayList<>();
                for (int admin = 0; admin < 2; admin++) {
                    Callable<List<String>> call = () -> ids(list("?limit=1000"));
                    calls.add(admins.submit(call));
                }
                for (Future<List<String>> call : calls) {
                    List<String> seen = call.get();
                    assertEquals(sent.size(), seen.size(), "round " + round + ": every letter, none twice");
                    assertEquals(sent, Set.copyOf(seen), "round " + round);
                }
            }
        } finally {
            admins.shutdownNow();
        }
        awaitReady(60);
    }

    @Test
    void replayingAllSendsEveryLetterBackAndEmptiesTheQueue() {
        List<EventEnvelope> events = IntStream.range(0, 3)
                .mapToObj(i -> reserved(UUID.randomUUID().toString(), "tok_visa"))
                .toList();
        for (EventEnvelope event : events) {
            broker.publishToQueue(
                    DLQ,
                    new AMQP.BasicProperties.Builder()
                            .messageId(event.eventId().toString())
                            .type(event.eventType())
                            .contentType("application/json")
                            .headers(Map.of("x-choreo-attempts", 3))
                            .deliveryMode(2)
                            .build(),
                    broker.codec().encode(event).getBytes(StandardCharsets.UTF_8));
        }
        given().auth()
                .preemptive()
                .basic(RetryAndDeadLetterTest.ADMIN, RetryAndDeadLetterTest.ADMIN_PASSWORD)
                .post("/admin/dlq/replay")
                .then()
                .statusCode(200)
                .body("replayed", is(3));
        for (EventEnvelope event : events) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "CAPTURED"
                    .equals(Caller.asSupport()
                            .get("/payments/" + event.aggregateId())
                            .then()
                            .extract()
                            .path("status")));
        }
        assertEquals(0, ids(list("")).size());
    }
}
