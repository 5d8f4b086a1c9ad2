package io.choreo.payment;

import static io.choreo.events.testing.Caller.asSupport;
import static io.choreo.payment.PaymentFlowTest.awaitPayment;
import static io.choreo.payment.PaymentFlowTest.cancelled;
import static io.choreo.payment.PaymentFlowTest.reserved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Projection;
import io.choreo.events.testing.TestStore;
import io.choreo.payment.support.FaultyGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The payment read model is a fold of the events: rebuilt, compared and repaired while the service runs. */
@QuarkusTest
class ProjectionRebuildTest extends BrokerTest {

    static final Projection MODEL = new Projection("payment-service", "payments");

    @Inject
    Pool pool;

    @Inject
    FaultyGateway gateway;

    JsonPath rebuild(boolean apply) {
        return MODEL.rebuild(apply);
    }

    long differences(JsonPath answer) {
        return MODEL.differences(answer);
    }

    @Test
    void theRebuiltReadModelMatchesTheLiveOne() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_visa"));
        awaitPayment(orderId, "CAPTURED");
        JsonPath answer = rebuild(false);
        assertTrue(answer.getBoolean("matched"), answer.prettify());
        assertEquals(0, differences(answer));
        assertTrue(MODEL.rows(answer) >= 1, answer.prettify());
    }

    @Test
    void aDamagedReadModelIsReportedAndRepairedByApply() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_visa"));
        awaitPayment(orderId, "CAPTURED");
        pool.preparedQuery("UPDATE payment SET captured_amount = 1.00, status = 'FAILED' WHERE order_id = $1")
                .execute(Tuple.of(orderId))
                .await()
                .atMost(Duration.ofSeconds(5));

        JsonPath damaged = rebuild(false);
        assertEquals(false, damaged.getBoolean("matched"), damaged.prettify());
        assertEquals(2, differences(damaged), "the damaged row, as live and as rebuilt");
        assertEquals(
                "FAILED",
                asSupport().get("/payments/" + orderId).then().extract().path("status"),
                "not repaired yet");

        JsonPath repaired = rebuild(true);
        assertEquals(true, repaired.getBoolean("applied"));
        assertEquals(
                "CAPTURED",
                asSupport().get("/payments/" + orderId).then().extract().path("status"));
        assertEquals(
                39.98f, asSupport().get("/payments/" + orderId).then().extract().<Float>path("capturedAmount"));
        JsonPath after = rebuild(false);
        assertTrue(after.getBoolean("matched"), after.prettify());
    }

    @Test
    void aRebuildWhileOrdersArePaidStillMatches() throws Exception {
        List<String> orders = new ArrayList<>();
        CompletableFuture<Void> flow = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 40; i++) {
                String orderId = UUID.randomUUID().toString();
                orders.add(orderId);
                broker.publish(reserved(orderId, i % 5 == 0 ? "tok_declined" : "tok_visa"));
            }
        });
        for (int i = 0; i < 3; i++) {
            JsonPath answer = rebuild(false);
            assertTrue(answer.getBoolean("matched"), "rebuild " + i + " while paying: " + answer.prettify());
        }
        flow.get();
        orders.forEach(orderId -> awaitPayment(orderId, orders.indexOf(orderId) % 5 == 0 ? "FAILED" : "CAPTURED"));
        assertTrue(rebuild(false).getBoolean("matched"));
    }

    @Test
    void twoWritersOfOnePaymentRefundWithOneKeyAndOneRefundStands() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_visa"));
        awaitPayment(orderId, "CAPTURED");
        // Both handlings find the payment captured and call the (slow) gateway before either records.
        FaultyGateway.SLOW_REFUNDS.add(orderId);
        EventEnvelope shipmentFailed = PaymentFlowTest.CODEC.envelope(
                new ShipmentFailed(orderId, "unserviceable_destination"),
                "Shipment",
                1,
                "corr-" + orderId,
                UUID.randomUUID().toString(),
                "shipping-service");
        EventEnvelope orderCancelled = cancelled(orderId, "shipment_failed");
        broker.publish(shipmentFailed);
        broker.publish(orderCancelled);
        TestStore store = new TestStore(pool);
        store.awaitHandled(shipmentFailed);
        store.awaitHandled(orderCancelled);

        assertEquals(2, FaultyGateway.REFUNDS.get(orderId), "both writers decided to refund");
        assertEquals(1, gateway.refunds(orderId), "with one key: the gateway gave the money back once");
        assertEquals(1, store.events(orderId, "PaymentRefunded"), "only one refund stands");
        JsonPath payment = awaitPayment(orderId, "REFUNDED");
        assertEquals(new BigDecimal("39.98"), new BigDecimal(payment.getString("refundedAmount")));
    }

    @Test
    void aCancellationDuringTheChargeWaitsForItAndRefundsIt() {
        String orderId = UUID.randomUUID().toString();
        FaultyGateway.SLOW_CHARGES.add(orderId);
        EventEnvelope reservation = reserved(orderId, "tok_visa");
        EventEnvelope cancellation = cancelled(orderId, "timed_out");
        broker.publish(reservation);
        // The cancellation arrives while the gateway is charging (the slow charge has begun).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> FaultyGateway.CALLS.containsKey(orderId));
        broker.publish(cancellation);
        TestStore store = new TestStore(pool);
        store.awaitHandled(reservation);
        store.awaitHandled(cancellation);
        // The gateway charged once; that charge must be on record and given back, never lost.
        assertEquals(1, FaultyGateway.CALLS.get(orderId));
        JsonPath payment = awaitPayment(orderId, "REFUNDED");
        assertEquals(payment.getFloat("capturedAmount"), payment.getFloat("refundedAmount"));
        assertEquals(1, store.events(orderId, "PaymentCompleted"));
        assertEquals(1, store.events(orderId, "PaymentRefunded"));
    }
}
