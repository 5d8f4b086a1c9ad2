package io.choreo.shipping;

import static io.choreo.events.testing.Caller.asSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
import io.choreo.events.contract.OrderCancelled;
import io.choreo.events.contract.PaymentCompleted;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.EventSchemas;
import io.choreo.events.testing.TestStore;
import io.choreo.shipping.handling.ShippingEventConsumer;
import io.choreo.shipping.support.CrashAfterBooking;
import io.choreo.shipping.support.SlowCarrier;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

/** shipping-service against the real broker and database, fed the events payment and inventory would send. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShippingFlowTest extends BrokerTest {

    static final EventCodec CODEC = new EventCodec();

    @Inject
    Pool pool;

    static EventEnvelope paid(String orderId, String country) {
        return CODEC.envelope(
                new PaymentCompleted(
                        orderId,
                        "ch_1",
                        new BigDecimal("10.00"),
                        "EUR",
                        new Address("Ada", "1 Way", "London", "N1", country),
                        "ada@example.com"),
                "Payment",
                1,
                "corr-" + orderId,
                UUID.randomUUID().toString(),
                "payment-service");
    }

    static EventEnvelope cancelled(String orderId) {
        return CODEC.envelope(
                new OrderCancelled(orderId, "ada@example.com", "timed_out", "late"),
                "Order",
                4,
                "corr-" + orderId,
                UUID.randomUUID().toString(),
                "inventory-service");
    }

    static JsonPath awaitShipment(String orderId, String status) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> asSupport().get("/shipments/" + orderId).then().extract(),
                        r -> r.statusCode() == 200 && status.equals(r.path("status")))
                .jsonPath();
    }

    long events(String orderId, String type) {
        return new TestStore(pool).events(orderId, type);
    }

    @Test
    void aPaidOrderIsShippedOnceAndInventoryIsTold() {
        String orderId = UUID.randomUUID().toString();
        EventEnvelope event = paid(orderId, "GB");
        broker.publish(event);
        broker.publish(event);
        JsonPath shipment = awaitShipment(orderId, "CREATED");
        assertEquals("ChoreoPost", shipment.getString("carrier"));
        assertNotNull(shipment.getString("trackingNumber"));
        EventEnvelope created = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> broker.drain(Topology.queue(Topology.INVENTORY)).stream()
                                .map(m -> broker.codec().decode(m.body()))
                                .filter(e -> e.aggregateId().equals(orderId)
                                        && e.eventType().equals("ShipmentCreated"))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
        assertEquals("shipping-service", created.source());
        assertEquals(event.eventId().toString(), created.causationId());
        new TestStore(pool).awaitDeliveries(event, 2);
        assertEquals(1, events(orderId, "ShipmentCreated"));
    }

    @Inject
    SlowCarrier carrier;

    @Test
    void aCrashBetweenTheBookingAndItsRecordBooksAgainWithTheSameKeyAndShipsOnce() {
        String orderId = UUID.randomUUID().toString();
        CrashAfterBooking.ONCE.add(orderId);
        EventEnvelope event = paid(orderId, "GB");
        broker.publish(event);
        // The first delivery booked, then failed to commit; the broker brought the payment back.
        awaitShipment(orderId, "CREATED");
        new TestStore(pool).awaitHandled(event);
        List<String> keys = SlowCarrier.BOOKING_KEYS.get(orderId);
        assertEquals(2, keys.size(), "the carrier was asked again after the crash");
        assertEquals(keys.get(0), keys.get(1), "with the same idempotency key");
        assertEquals(1, carrier.bookings(orderId), "one booking at the carrier");
        assertEquals(1, events(orderId, "BookingRequested"));
        assertEquals(1, events(orderId, "ShipmentCreated"));
    }

    @Test
    void aCancellationDuringTheBookingCallsTheBookedShipmentOff() {
        String orderId = UUID.randomUUID().toString();
        SlowCarrier.SLOW_BOOKINGS.add(orderId);
        EventEnvelope payment = paid(orderId, "GB");
        EventEnvelope cancellation = cancelled(orderId);
        broker.publish(payment);
        // The cancellation arrives while the carrier is booking (the slow booking has begun).
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> SlowCarrier.BOOKING_KEYS.containsKey(orderId));
        broker.publish(cancellation);
        TestStore store = new TestStore(pool);
        store.awaitHandled(payment);
        store.awaitHandled(cancellation);
        // The carrier booked once; that booking must be on record and called off, never lost.
        assertEquals("timed_out", awaitShipment(orderId, "CANCELLED").getString("reason"));
        assertEquals(1, carrier.bookings(orderId));
        assertEquals(1, carrier.cancellations(orderId));
        assertEquals(1, store.events(orderId, "ShipmentCreated"));
        assertEquals(1, store.events(orderId, "ShipmentCancelled"));
    }

    @Test
    void anUnserviceableAddressFailsTheShipment() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(paid(orderId, "AQ"));
        assertEquals(
                "unserviceable_destination", awaitShipment(orderId, "FAILED").getString("reason"));
        assertEquals(1, events(orderId, "ShipmentFailed"));
    }

    @Test
    void aCancelledOrdersShipmentIsCalledOff() {
        String orderId = UUID.randomUUID().toString();
        broker.publish(paid(orderId, "FR"));
        awaitShipment(orderId, "CREATED");
        broker.publish(cancelled(orderId));
        assertEquals("timed_out", awaitShipment(orderId, "CANCELLED").getString("reason"));
        assertEquals(1, events(orderId, "ShipmentCancelled"));
    }

    @Test
    void aPaymentThatArrivesAfterTheCancellationShipsNothing() {
        String orderId = UUID.randomUUID().toString();
        EventEnvelope cancellation = cancelled(orderId);
        EventEnvelope late = paid(orderId, "GB");
        broker.publish(cancellation);
        awaitHandled(cancellation);
        broker.publish(late);
        awaitHandled(late);
        asSupport().get("/shipments/" + orderId).then().statusCode(404);
        assertEquals(0, events(orderId, "ShipmentCreated"));
    }

    void awaitHandled(EventEnvelope event) {
        new TestStore(pool).awaitHandled(event);
    }

    @Inject
    ShippingEventConsumer handling;

    @Test
    void handlesExactlyTheEventTypesItsQueueIsBoundTo() {
        assertEquals(Topology.boundTypes(Topology.SHIPPING), handling.handledTypes());
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
