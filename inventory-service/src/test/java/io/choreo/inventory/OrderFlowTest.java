package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.*;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.rabbitmq.client.AMQP;

import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.broker.TopologyDeclarer;
import io.choreo.events.contract.Address;
import io.choreo.events.contract.Money;
import io.choreo.events.contract.OrderPlaced;
import io.choreo.events.contract.PaymentFailed;
import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.contract.ShipmentFailed;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Transactions;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.EventSchemas;
import io.choreo.events.testing.Projection;
import io.choreo.events.testing.TestBroker;
import io.choreo.events.testing.TestStore;
import io.choreo.inventory.handling.OrderEventConsumer;
import io.choreo.inventory.store.OrderStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;

/** inventory-service against the real broker: what it publishes, and what it does with what it receives. */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderFlowTest extends BrokerTest {

    @Inject
    Pool pool;

    @Test
    void placingAnOrderReservesStockAndTellsPayment() {
        broker.purge(Topology.queue(Topology.PAYMENT));
        int reservedBefore = stockOf("SKU-005", "reserved");
        String orderId = place(body("SKU-005", 3, "tok_visa", "GB"));
        JsonPath order = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        assertEquals(List.of("OrderPlaced", "InventoryReserved"), timelineTypes(order));
        assertEquals(reservedBefore + 3, stockOf("SKU-005", "reserved"));

        TestBroker.Received published = Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> broker.drain(Topology.queue(Topology.PAYMENT)).stream()
                                .filter(m -> m.body().contains(orderId))
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
        EventEnvelope event = broker.codec().decode(published.body());
        assertEquals("InventoryReserved", event.eventType());
        assertEquals(order.getString("correlationId"), event.correlationId());
        assertEquals(order.getList("timeline.eventId").get(0), event.causationId());
        AMQP.BasicProperties props = published.properties();
        assertEquals(event.eventId().toString(), props.getMessageId());
        assertEquals(event.correlationId(), props.getCorrelationId());
        assertEquals("InventoryReserved", props.getType());
        assertEquals("application/json", props.getContentType());
        assertEquals(2, props.getDeliveryMode());
        assertTrue(published.headers().containsKey("traceparent"), "traceparent header: " + published.headers());
    }

    @Test
    void aDeclinedPaymentReleasesTheStockAndCancels() {
        int availableBefore = stockOf("SKU-006", "available");
        String orderId = place(body("SKU-006", 2, "tok_declined", "GB"));
        JsonPath reserved = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        assertEquals(availableBefore - 2, stockOf("SKU-006", "available"));

        broker.publish(eventFor(reserved, new PaymentFailed(orderId, "card_declined"), "payment-service"));

        JsonPath cancelled = awaitOrder(orderId, o -> timelineTypes(o).contains("OrderCancelled"));
        assertEquals("CANCELLED", cancelled.getString("status"));
        assertEquals("payment_failed", cancelled.getString("reason"));
        assertEquals("card_declined", cancelled.getString("reasonDetail"));
        assertEquals(
                List.of("OrderPlaced", "InventoryReserved", "PaymentFailed", "InventoryReleased", "OrderCancelled"),
                timelineTypes(cancelled));
        assertEquals(availableBefore, stockOf("SKU-006", "available"));
    }

    @Test
    void aShipmentDeliveredTwiceConfirmsTheOrderOnce() {
        int soldBefore = stockOf("SKU-007", "sold");
        String orderId = place(body("SKU-007", 4, "tok_visa", "GB"));
        JsonPath reserved = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        EventEnvelope shipped =
                eventFor(reserved, new ShipmentCreated(orderId, "ChoreoPost", "CP123"), "shipping-service");

        broker.publish(shipped);
        broker.publish(shipped);

        JsonPath confirmed = awaitOrder(orderId, o -> timelineTypes(o).contains("OrderConfirmed"));
        assertEquals("CONFIRMED", confirmed.getString("status"));
        // Once the inbox has counted the duplicate, it has had every effect it will ever have.
        new TestStore(pool).awaitDeliveries(shipped, 2);
        JsonPath after = order(orderId);
        assertEquals(
                1,
                timelineTypes(after).stream().filter("ShipmentCreated"::equals).count());
        assertEquals(
                1,
                timelineTypes(after).stream().filter("OrderConfirmed"::equals).count());
        assertEquals(soldBefore + 4, stockOf("SKU-007", "sold"));
        assertEquals(0, stockOf("SKU-007", "reserved"));
    }

    @Test
    void aFailureAfterTheOutcomeChangesNothing() {
        String orderId = place(body("SKU-008", 1, "tok_visa", "GB"));
        JsonPath reserved = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        broker.publish(eventFor(reserved, new ShipmentCreated(orderId, "ChoreoPost", "CP9"), "shipping-service"));
        awaitOrder(orderId, o -> "CONFIRMED".equals(o.getString("status")));
        int sold = stockOf("SKU-008", "sold");

        broker.publish(eventFor(reserved, new ShipmentFailed(orderId, "lost"), "shipping-service"));

        JsonPath after = awaitOrder(orderId, o -> timelineTypes(o).contains("ShipmentFailed"));
        assertEquals("CONFIRMED", after.getString("status"));
        assertEquals(sold, stockOf("SKU-008", "sold"));
    }

    /**
     * The placement decides the stock in its own transaction: by the time POST answers, the order's
     * InventoryReserved (or its rejection) is committed and the stock row shows it; nothing waits for
     * a delivery of OrderPlaced.
     */
    @Test
    void aPlacementReservesTheStockOrRejectsTheOrderBeforeItAnswers() {
        TestStore store = new TestStore(pool);
        int available = stockOf("SKU-002", "available");
        String reserved = place(body("SKU-002", 2, "tok_visa", "GB"));
        assertEquals(1, store.events(reserved, "InventoryReserved"));
        assertEquals(available - 2, stockOf("SKU-002", "available"));

        // SKU-010 is the catalogue's scarce one (a line asks for at most 1,000).
        int left = stockOf("SKU-010", "available");
        String rejected = place(body("SKU-010", left + 1, "tok_visa", "GB"));
        assertEquals(1, store.events(rejected, "InventoryReservationFailed"));
        assertEquals(1, store.events(rejected, "OrderRejected"));
        assertEquals("REJECTED", order(rejected).getString("status"));
        assertEquals(left, stockOf("SKU-010", "available"));
    }

    @Inject
    OrderStore orderStore;

    @Inject
    EventStore eventStore;

    @Inject
    Transactions transactions;

    @Inject
    Vertx vertx;

    /**
     * A replica of the release before this one placed an order as it did: its OrderPlaced and its
     * row, the stock left to a delivery of OrderPlaced that inventory's queue no longer takes. The
     * clock's next tick decides it: the stock is reserved, the order goes on.
     */
    @Test
    void anOrderAnOlderReleasePlacedWithoutItsStockIsDecidedByTheClock() throws Exception {
        TestStore store = new TestStore(pool);
        int available = stockOf("SKU-001", "available");
        String orderId = UUID.randomUUID().toString();
        BigDecimal price = new BigDecimal(stock("SKU-001").get("unitPrice").toString());
        OrderPlaced placed = new OrderPlaced(
                orderId,
                "older@example.com",
                List.of(new OrderPlaced.Line("SKU-001", 1, new Money(price, "EUR"))),
                price,
                "EUR",
                "CARD",
                "tok_visa",
                new Address("Ada Lovelace", "1 Analytical Way", "London", "N1 9GU", "GB"));
        CompletableFuture<Void> done = new CompletableFuture<>();
        ContextState.newContext(vertx).runOnContext(start -> transactions
                .run(() -> orderStore
                        .append(orderStore.none(orderId), "corr-older-release", null, List.of(placed))
                        .call(events -> eventStore.append(events, null)))
                .replaceWithVoid()
                .subscribe()
                .with(done::complete, done::completeExceptionally));
        done.get(30, TimeUnit.SECONDS);
        assertEquals(0, store.events(orderId, "InventoryReserved"));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> store.events(orderId, "InventoryReserved") == 1);
        assertEquals("PENDING", order(orderId).getString("status"));
        assertEquals(available - 1, stockOf("SKU-001", "available"));
    }

    @Test
    void anOrderBeyondTheStockIsRejected() {
        int available = stockOf("SKU-010", "available");
        String orderId = place(body("SKU-010", available + 1, "tok_visa", "GB"));
        // The timeline follows from the stream: wait for its last entry too.
        JsonPath rejected = awaitOrder(
                orderId,
                o -> "REJECTED".equals(o.getString("status"))
                        && timelineTypes(o).contains("OrderRejected"));
        assertEquals("out_of_stock", rejected.getString("reason"));
        assertEquals(List.of("OrderPlaced", "InventoryReservationFailed", "OrderRejected"), timelineTypes(rejected));
        assertEquals(available, stockOf("SKU-010", "available"));
    }

    /**
     * A group of placements reads its stock unlocked and locks only what it changes, at its end:
     * while another transaction holds the SKU's row, an order beyond the stock is still rejected
     * and answered (a rejection changes no stock). Before, the group held the row from its start
     * and the answer waited for the other transaction.
     */
    @Test
    void anOrderBeyondTheStockIsRejectedWhileAnotherTransactionHoldsTheSkusRow() throws Exception {
        int available = stockOf("SKU-010", "available");
        SqlConnection connection = pool.getConnectionAndAwait();
        Transaction holder = connection.beginAndAwait();
        try {
            connection
                    .query("SELECT * FROM stock_item WHERE sku = 'SKU-010' FOR UPDATE")
                    .executeAndAwait();
            String orderId = CompletableFuture.supplyAsync(
                            () -> place(body("SKU-010", available + 1, "tok_visa", "GB")))
                    .get(15, TimeUnit.SECONDS);
            assertEquals("REJECTED", order(orderId).getString("status"));
        } finally {
            holder.rollbackAndAwait();
            connection.closeAndAwait();
        }
        assertEquals(available, stockOf("SKU-010", "available"));
    }

    /**
     * Two placements of a SKU's last units, each decided on the stock its group read before either
     * locked it (another transaction holds the row meanwhile, so both decide and then wait at their
     * groups' ends): the first to lock it reserves the units; the second finds them gone when it
     * locks, its group rolls back, and it is placed again alone and rejected. Never more reserved
     * than there was.
     */
    @Test
    void twoPlacementsOfTheLastUnitsReserveThemOnce() throws Exception {
        TestStore store = new TestStore(pool);
        if (stockOf("SKU-010", "available") == 0) {
            // An earlier run's winner still holds the rest (until the clock cancels it): one more to race for.
            given().auth()
                    .preemptive()
                    .basic(Projection.ADMIN, Projection.ADMIN_PASSWORD)
                    .contentType("application/json")
                    .body("{\"quantity\": 1}")
                    .post("/admin/inventory/SKU-010/restock")
                    .then()
                    .statusCode(200);
        }
        int available = stockOf("SKU-010", "available");
        int reservedBefore = stockOf("SKU-010", "reserved");
        SqlConnection connection = pool.getConnectionAndAwait();
        Transaction holder = connection.beginAndAwait();
        CompletableFuture<String> first;
        CompletableFuture<String> second;
        try {
            connection
                    .query("SELECT * FROM stock_item WHERE sku = 'SKU-010' FOR UPDATE")
                    .executeAndAwait();
            // One after the other, so that each is a group of its own (the second starts while the first waits).
            first = CompletableFuture.supplyAsync(() -> place(body("SKU-010", available, "tok_visa", "GB")));
            awaitWaitingForStock(1);
            second = CompletableFuture.supplyAsync(() -> place(body("SKU-010", available, "tok_visa", "GB")));
            awaitWaitingForStock(2);
        } finally {
            holder.rollbackAndAwait();
            connection.closeAndAwait();
        }
        List<String> orders = List.of(first.get(15, TimeUnit.SECONDS), second.get(15, TimeUnit.SECONDS));
        List<String> statuses = new ArrayList<>();
        for (String orderId : orders) {
            statuses.add(order(orderId).getString("status"));
        }
        assertEquals(Set.of("PENDING", "REJECTED"), Set.copyOf(statuses), "one reserved, one rejected: " + statuses);
        assertEquals(
                1,
                orders.stream()
                        .mapToLong(o -> store.events(o, "InventoryReserved"))
                        .sum());
        assertEquals(0, stockOf("SKU-010", "available"));
        assertEquals(reservedBefore + available, stockOf("SKU-010", "reserved"));
        assertTrue(ProjectionRebuildTest.STOCK.rebuild(false).getBoolean("matched"));
    }

    private void awaitWaitingForStock(int transactions) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> waitingForStockRows(pool) == transactions);
    }

    /** A body that is no event: what a poison message is sent as. */
    private static final AMQP.BasicProperties TEXT = new AMQP.BasicProperties.Builder()
            .contentType("text/plain")
            .deliveryMode(2)
            .build();

    @Test
    void aPoisonMessageIsDeadLetteredAndTheConsumerGoesOn() {
        String dlq = Topology.deadLetterQueue(Topology.INVENTORY);
        broker.purge(dlq);
        AMQP.BasicProperties props = TEXT;
        broker.publishRaw("ShipmentCreated", props, "this is not an event".getBytes(StandardCharsets.UTF_8));
        broker.publishRaw(
                "ShipmentCreated",
                new AMQP.BasicProperties.Builder()
                        .contentType("application/json")
                        .build(),
                "{\"eventType\":\"OrderTeleported\",\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8));

        List<TestBroker.Received> dead =
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> broker.drain(dlq), d -> d.size() == 2);
        assertTrue(dead.stream().anyMatch(m -> m.body().equals("this is not an event")));

        String orderId = place(body("SKU-009", 1, "tok_visa", "GB"));
        awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
    }

    @Inject
    OrderEventConsumer handling;

    @Inject
    TopologyDeclarer declarer;

    /**
     * A broker a release before this one set up still binds inventory's queue to OrderPlaced: this
     * release removes that binding when it declares its topology, so OrderPlaced no longer reaches
     * the queue. Both poisons are published to the exchange in one order; the consumer dead-letters
     * what reaches it in that order, so the bound one in the DLQ means the retired one was not routed.
     */
    @Test
    void aBindingAReleaseBeforeThisOneMadeIsRemovedWhenTheTopologyIsDeclared() {
        String dlq = Topology.deadLetterQueue(Topology.INVENTORY);
        broker.bind(Topology.queue(Topology.INVENTORY), "OrderPlaced");
        declarer.declare(null);
        broker.purge(dlq);
        AMQP.BasicProperties props = TEXT;
        broker.publishRaw("OrderPlaced", props, "sent under a retired binding".getBytes(StandardCharsets.UTF_8));
        broker.publishRaw("ShipmentCreated", props, "sent under a binding".getBytes(StandardCharsets.UTF_8));

        List<String> dead = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            broker.drain(dlq).forEach(m -> dead.add(m.body()));
            return dead.contains("sent under a binding");
        });
        assertEquals(List.of("sent under a binding"), dead);
    }

    @Test
    void handlesTheEventTypesItsQueueIsBoundToAndWhatARetiredBindingLeftInIt() {
        Set<String> expected = new TreeSet<>(Topology.boundTypes(Topology.INVENTORY));
        expected.addAll(Topology.RETIRED_BINDINGS.get(Topology.INVENTORY));
        assertEquals(expected, new TreeSet<>(handling.handledTypes()));
    }

    @Test
    void anOrderReadAsOfAnEarlierInstantShowsWhereItStoodThen() {
        String orderId = place(body("SKU-001", 1, "tok_visa", "GB"));
        JsonPath reserved = awaitOrder(orderId, o -> timelineTypes(o).contains("InventoryReserved"));
        String placedAt = reserved.getString("timeline.find { it.eventType == 'OrderPlaced' }.occurredAt");
        String reservedAt = reserved.getString("timeline.find { it.eventType == 'InventoryReserved' }.occurredAt");
        broker.publish(eventFor(reserved, new ShipmentCreated(orderId, "ChoreoPost", "CP-asof"), "shipping-service"));
        // The timeline is read from the stream, a little after the status (choreo.stream.linger).
        awaitOrder(
                orderId,
                o -> "CONFIRMED".equals(o.getString("status"))
                        && timelineTypes(o).contains("OrderConfirmed"));

        JsonPath then = given().queryParam("asOf", reservedAt)
                .get("/orders/" + orderId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("PENDING", then.getString("status"));
        assertEquals(List.of("OrderPlaced", "InventoryReserved"), timelineTypes(then));
        JsonPath now = given().queryParam(
                        "asOf", java.time.Instant.now().plusSeconds(1).toString())
                .get("/orders/" + orderId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals("CONFIRMED", now.getString("status"));
        assertTrue(timelineTypes(now).contains("OrderConfirmed"));

        String before = java.time.Instant.parse(placedAt).minusMillis(1).toString();
        given().queryParam("asOf", before).get("/orders/" + orderId).then().statusCode(404);
        given().queryParam("asOf", "yesterday")
                .get("/orders/" + orderId)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItem("asOf"));
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
