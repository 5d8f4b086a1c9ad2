package io.choreo.shipping;

import static io.choreo.events.testing.Caller.asSupport;
import static io.choreo.shipping.ShippingFlowTest.awaitShipment;
import static io.choreo.shipping.ShippingFlowTest.cancelled;
import static io.choreo.shipping.ShippingFlowTest.paid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.EventEnvelope;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Projection;
import io.choreo.events.testing.TestStore;
import io.choreo.shipping.support.SlowCarrier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The shipment read model is a fold of the events: rebuilt, compared and repaired while the service runs. */
@QuarkusTest
class ProjectionRebuildTest extends BrokerTest {

    static final Projection MODEL = new Projection("shipping-service", "shipments");

    @Inject
    Pool pool;

    @Inject
    SlowCarrier carrier;

    JsonPath rebuild(boolean apply) {
        return MODEL.rebuild(apply);
    }

    long differences(JsonPath answer) {
        return MODEL.differences(answer);
    }

    @Test
    void theRebuiltReadModelMatchesTheLiveOne() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(paid(orderId, "GB"));
        awaitShipment(orderId, "CREATED");
        JsonPath answer = rebuild(false);
        assertTrue(answer.getBoolean("matched"), answer.prettify());
        assertEquals(0, differences(answer));
        assertTrue(MODEL.rows(answer) >= 1, answer.prettify());
    }

    @Test
    void aDamagedReadModelIsReportedAndRepairedByApply() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(paid(orderId, "GB"));
        awaitShipment(orderId, "CREATED");
        pool.preparedQuery("UPDATE shipment SET carrier = 'Nobody', status = 'FAILED' WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .await()
                .atMost(Duration.ofSeconds(5));

        JsonPath damaged = rebuild(false);
        assertEquals(false, damaged.getBoolean("matched"), damaged.prettify());
        assertEquals(2, differences(damaged), "the damaged row, as live and as rebuilt");
        assertEquals(
                "FAILED",
                asSupport().get("/shipments/" + orderId).then().extract().path("status"),
                "not repaired yet");

        JsonPath repaired = rebuild(true);
        assertEquals(true, repaired.getBoolean("applied"));
        JsonPath shipment =
                asSupport().get("/shipments/" + orderId).then().extract().jsonPath();
        assertEquals("CREATED", shipment.getString("status"));
        assertEquals("ChoreoPost", shipment.getString("carrier"));
        JsonPath after = rebuild(false);
        assertTrue(after.getBoolean("matched"), after.prettify());
    }

    @Test
    void aRebuildWhileOrdersAreShippedStillMatches() throws Exception {
        List<String> orders = IntStream.range(0, 40)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
        CompletableFuture<Void> flow = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < orders.size(); i++) {
                broker.publish(paid(orders.get(i), i % 5 == 0 ? "AQ" : "GB"));
            }
        });
        for (int i = 0; i < 3; i++) {
            JsonPath answer = rebuild(false);
            assertTrue(answer.getBoolean("matched"), "rebuild " + i + " while shipping: " + answer.prettify());
        }
        flow.get();
        for (int i = 0; i < orders.size(); i++) {
            awaitShipment(orders.get(i), i % 5 == 0 ? "FAILED" : "CREATED");
        }
        assertTrue(rebuild(false).getBoolean("matched"));
    }

    @Test
    void twoWritersOfOneShipmentCancelWithOneKeyAndOneCancellationStands() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(paid(orderId, "FR"));
        awaitShipment(orderId, "CREATED");
        // Both handlings find the shipment created and call the (slow) carrier before either records.
        SlowCarrier.SLOW_CANCELS.add(orderId);
        EventEnvelope first = cancelled(orderId);
        EventEnvelope second = cancelled(orderId);
        broker.publish(first);
        broker.publish(second);
        TestStore store = new TestStore(pool);
        store.awaitHandled(first);
        store.awaitHandled(second);

        assertEquals(2, SlowCarrier.CANCELS.get(orderId), "both writers decided to call the shipment off");
        assertEquals(1, carrier.cancellations(orderId), "with one key: the carrier called it off once");
        assertEquals(1, store.events(orderId, "ShipmentCancelled"), "only one cancellation stands");
        assertEquals("timed_out", awaitShipment(orderId, "CANCELLED").getString("reason"));
    }
}
