package io.choreo.payment;

import static io.choreo.events.testing.Caller.asSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.contract.Address;
import io.choreo.events.contract.InventoryReserved;
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.OrderItem;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.EventSchemas;
import io.choreo.events.testing.TestStore;
import io.choreo.payment.handling.PaymentEventConsumer;
import io.choreo.payment.support.CrashAfterCharge;
import io.choreo.payment.support.FaultyGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** payment-service against the real broker and database, fed the events inventory and shipping would send. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaymentFlowTest extends BrokerTest {

    static final EventCodec CODEC = new EventCodec();
    static final BigDecimal AMOUNT = new BigDecimal("39.98");

    @Inject
    Pool pool;

    static EventEnvelope reserved(String orderId, String token) {
        return CODEC.envelope(
                new InventoryReserved(
                        orderId,
                        List.of(new OrderItem("SKU-001", 2, new BigDecimal("19.99"))),
                        AMOUNT,
                        "EUR",
                        "CARD",
                        token,
                        new Address("Ada", "1 Way", "London", "N1", "GB"),
                        "ada@example.com"),
                "Order",
                2,
                "corr-" + orderId,
                UUID.randomUUID().toString(),
                "inventory-service");
    }

    static EventEnvelope cancelled(String orderId, String reason) {
        return CODEC.envelope(
                new OrderCancelled(orderId, "ada@example.com", reason, reason),
                "Order",
                5,
                "corr-" + orderId,
                UUID.randomUUID().toString(),
                "inventory-service");
    }

    static JsonPath awaitPayment(String orderId, String status) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> asSupport().get("/payments/" + orderId).then().extract(),
                        r -> r.statusCode() == 200 && status.equals(r.path("status")))
                .jsonPath();
    }

    TestStore store() {
        return new TestStore(pool);
    }

    long events(String orderId, String type) {
        return store().events(orderId, type);
    }

    @Test
    void anApprovedChargeIsCapturedAndShippingIsTold() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_visa"));
        JsonPath payment = awaitPayment(orderId, "CAPTURED");
        assertEquals(39.98f, payment.getFloat("capturedAmount"));
        assertEquals(0f, payment.getFloat("refundedAmount"));
        EventEnvelope completed = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> broker.drain(Topology.queue(Topology.SHIPPING)).stream()
                                .map(m -> broker.codec().decode(m.body()))
                                .filter(e -> e.aggregateId().equals(orderId))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
        assertEquals("PaymentCompleted", completed.eventType());
        assertEquals("corr-" + orderId, completed.correlationId());
    }

    @Inject
    FaultyGateway gateway;

    @Test
    void aCrashBetweenTheChargeAndItsRecordChargesAgainWithTheSameKeyAndCapturesOnce() {
        String orderId = UUID.randomUUID().toString();
        CrashAfterCharge.ONCE.add(orderId);
        EventEnvelope reservation = reserved(orderId, "tok_visa");
        broker.publish(reservation);
        // The first delivery charged, then failed to commit; the broker brought the reservation back.
        assertEquals(39.98f, awaitPayment(orderId, "CAPTURED").getFloat("capturedAmount"));
        store().awaitHandled(reservation);
        List<String> keys = FaultyGateway.KEYS.get(orderId);
        assertEquals(2, keys.size(), "the gateway was asked again after the crash");
        assertEquals(keys.get(0), keys.get(1), "with the same idempotency key");
        assertEquals(1, gateway.captures(orderId), "one capture at the gateway");
        assertEquals(1, events(orderId, "ChargeRequested"));
        assertEquals(1, events(orderId, "PaymentCompleted"));
    }

    @Test
    void declinedCardsFailAtOnce() {
        String declined = UUID.randomUUID().toString();
        String poor = UUID.randomUUID().toString();
        broker.publish(reserved(declined, "tok_declined"));
        broker.publish(reserved(poor, "tok_insufficient_funds"));
        assertEquals("card_declined", awaitPayment(declined, "FAILED").getString("reason"));
        assertEquals("insufficient_funds", awaitPayment(poor, "FAILED").getString("reason"));
        assertEquals(1, events(declined, "PaymentFailed"));
        assertEquals(1, events(poor, "PaymentFailed"));
    }

    @Test
    void aFlakyGatewayIsRetriedUntilItApproves() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_flaky"));
        awaitPayment(orderId, "CAPTURED");
    }

    @Test
    void aGatewayThatStaysDownFailsThePaymentAfterItsRetries() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_unavailable"));
        assertEquals("gateway_unavailable", awaitPayment(orderId, "FAILED").getString("reason"));
    }

    @Test
    void aDuplicatedReservationIsChargedOnce() {
        String orderId = UUID.randomUUID().toString();
        EventEnvelope event = reserved(orderId, "tok_visa");
        // A second, different event for the same order must not charge again either.
        EventEnvelope another = reserved(orderId, "tok_visa");
        broker.publish(event);
        broker.publish(event);
        broker.publish(another);
        awaitPayment(orderId, "CAPTURED");
        store().awaitDeliveries(event, 2);
        store().awaitHandled(another);
        assertEquals(1, events(orderId, "PaymentCompleted"));
        // Two writers of one order may both ask the gateway (its charge is idempotent per order); one
        // append wins, the other decides again and finds the order charged.
        assertEquals(39.98f, awaitPayment(orderId, "CAPTURED").getFloat("capturedAmount"));
    }

    @Test
    void aFailedShipmentIsRefundedOnceEvenWhenTheCancellationFollows() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_visa"));
        awaitPayment(orderId, "CAPTURED");
        broker.publish(CODEC.envelope(
                new ShipmentFailed(orderId, "unserviceable_destination"),
                "Shipment",
                1,
                "corr-" + orderId,
                UUID.randomUUID().toString(),
                "shipping-service"));
        EventEnvelope cancellation = cancelled(orderId, "shipment_failed");
        broker.publish(cancellation);
        JsonPath refunded = awaitPayment(orderId, "REFUNDED");
        store().awaitHandled(cancellation);
        assertEquals(39.98f, refunded.getFloat("refundedAmount"));
        assertEquals(1, events(orderId, "PaymentRefunded"));
    }

    @Test
    void aLateCaptureIsRefundedWhenTheOrderWasCancelled() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(reserved(orderId, "tok_visa"));
        awaitPayment(orderId, "CAPTURED");
        broker.publish(cancelled(orderId, "timed_out"));
        assertEquals("timed_out", awaitPayment(orderId, "REFUNDED").getString("reason"));
    }

    @Test
    void anOrderCancelledBeforeItsReservationArrivesIsNeverCharged() {
        String orderId = UUID.randomUUID().toString();
        EventEnvelope cancellation = cancelled(orderId, "timed_out");
        EventEnvelope late = reserved(orderId, "tok_visa");
        broker.publish(cancellation);
        awaitHandled(cancellation);
        broker.publish(late);
        awaitHandled(late);
        asSupport().get("/payments/" + orderId).then().statusCode(404);
        assertEquals(0, events(orderId, "PaymentCompleted"));
    }

    void awaitHandled(EventEnvelope event) {
        store().awaitHandled(event);
    }

    @Inject
    PaymentEventConsumer handling;

    @Test
    void handlesExactlyTheEventTypesItsQueueIsBoundTo() {
        assertEquals(Topology.boundTypes(Topology.PAYMENT), handling.handledTypes());
    }

    /**
     * Runs after the other tests of the class: every event (public and private) the service stored in this test
     * run (since the JVM started; the test database keeps older runs' rows) matches the schema of
     * its type and version. Private events are no contract between services and have no schema.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void everyEventItEmittedMatchesItsSchema() {
        List<String> emitted = new TestStore(pool).envelopesStoredSince(TestStore.JVM_STARTED);
        assertFalse(emitted.isEmpty(), "the tests before this one made the service store events");
        EventSchemas.assertAllValid(emitted);
    }
}
