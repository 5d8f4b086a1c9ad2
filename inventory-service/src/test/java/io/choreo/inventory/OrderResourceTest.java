package io.choreo.inventory;

import static io.choreo.events.testing.Caller.asSupport;
import static io.choreo.inventory.OrderFixtures.*;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.choreo.events.contract.ShipmentCreated;
import io.choreo.events.testing.TestBroker;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class OrderResourceTest {

    static final String PLACED_EVENTS = "SELECT count(*) FROM event_store WHERE event_type = 'OrderPlaced'";

    @Inject
    Pool pool;

    @Test
    void anAcceptedOrderIsPendingWithLocationAndCorrelationId() {
        String orderId = given().contentType(ContentType.JSON)
                .header("X-Correlation-Id", "corr-from-client")
                .body(body("SKU-001", 2, "tok_visa", "GB"))
                .post("/orders")
                .then()
                .statusCode(202)
                .header("Location", containsString("/orders/"))
                .header("X-Correlation-Id", "corr-from-client")
                .body("status", is("PENDING"), "correlationId", is("corr-from-client"), "orderId", notNullValue())
                .extract()
                .path("orderId");
        given().get("/orders/" + orderId)
                .then()
                .statusCode(200)
                .header("X-Correlation-Id", "corr-from-client")
                .body(
                        "items[0].sku",
                        is("SKU-001"),
                        "items[0].quantity",
                        is(2),
                        "totalAmount",
                        is(39.98f),
                        "currency",
                        is("EUR"));
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstOrder() {
        String key = newKey();
        String first = placeWithKey(key).statusCode(202).extract().path("orderId");
        long orders = count(pool, "SELECT count(*) FROM customer_order");
        long events = count(pool, PLACED_EVENTS);
        placeWithKey(key).statusCode(202).header("Idempotent-Replayed", "true").body("orderId", is(first));
        assertEquals(orders, count(pool, "SELECT count(*) FROM customer_order"));
        assertEquals(events, count(pool, PLACED_EVENTS));
    }

    @Test
    void requestsRacingWithOneIdempotencyKeyPlaceOneOrder() throws Exception {
        String key = newKey();
        long events = count(pool, PLACED_EVENTS);
        int racers = 8;
        ExecutorService racing = Executors.newFixedThreadPool(racers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < racers; i++) {
            answers.add(racing.submit(() -> {
                start.await();
                return placeWithKey(key).statusCode(202).extract().path("orderId");
            }));
        }
        start.countDown();
        Set<String> orderIds = new HashSet<>();
        for (Future<String> answer : answers) {
            orderIds.add(answer.get(30, TimeUnit.SECONDS));
        }
        racing.shutdown();
        // The losers of the race on the key's row answer with the winner's order.
        assertEquals(1, orderIds.size(), "orders answered: " + orderIds);
        assertEquals(events + 1, count(pool, PLACED_EVENTS));
    }

    /**
     * Placements that arrive together are committed together (GroupCommit): each request still gets
     * its own answer, for its own order, and one that names an unknown SKU fails alone (422, nothing
     * stored) while the others of its group are placed. Each client asks for a quantity of its own,
     * so an answer handed to the wrong request would show.
     */
    @Test
    void placementsArrivingTogetherEachGetTheirOwnOrderAndAnInvalidOneFailsAlone() throws Exception {
        int clients = 24;
        int invalid = 11;
        long events = count(pool, PLACED_EVENTS);
        ExecutorService placing = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<io.restassured.response.Response>> answers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int quantity = i + 1;
            String sku = i == invalid ? "SKU-NOPE" : "SKU-003";
            answers.add(placing.submit(() -> {
                start.await();
                return given().contentType(ContentType.JSON)
                        .body(body(sku, quantity, "tok_visa", "GB"))
                        .post("/orders");
            }));
        }
        start.countDown();
        for (int i = 0; i < clients; i++) {
            io.restassured.response.Response answer = answers.get(i).get(30, TimeUnit.SECONDS);
            if (i == invalid) {
                assertEquals(422, answer.statusCode(), answer.asString());
                continue;
            }
            assertEquals(202, answer.statusCode(), answer.asString());
            String orderId = answer.path("orderId");
            JsonPath order = order(orderId);
            assertEquals(i + 1, order.getInt("items[0].quantity"), "request " + i + " got order " + orderId);
        }
        placing.shutdown();
        assertEquals(events + clients - 1, count(pool, PLACED_EVENTS), "one OrderPlaced a valid request");
    }

    /** The same order (one of SKU-002) placed with {@code key}: its answer, to be checked. */
    static ValidatableResponse placeWithKey(String key) {
        return given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body("SKU-002", 1, "tok_visa", "GB"))
                .post("/orders")
                .then();
    }

    static Stream<Arguments> badOrders() {
        String good = body("SKU-001", 1, "tok_visa", "GB");
        return Stream.of(
                Arguments.of("malformed JSON", "{\"customerEmail\": ", 400, null),
                Arguments.of("a JSON array", "[" + good + "]", 400, null),
                Arguments.of(
                        "a wrong type",
                        good.replace("\"quantity\": 1", "\"quantity\": \"one\""),
                        400,
                        "items[0].quantity"),
                Arguments.of(
                        "quantity below 1",
                        good.replace("\"quantity\": 1", "\"quantity\": 0"),
                        400,
                        "items[0].quantity"),
                Arguments.of("no items", good.replace("[{\"sku\": \"SKU-001\", \"quantity\": 1}]", "[]"), 400, "items"),
                Arguments.of("a bad e-mail", good.replace("ada@example.com", "not-an-email"), 400, "customerEmail"),
                Arguments.of(
                        "a missing address",
                        good.replaceAll(",\\s*\"shippingAddress\": \\{[^}]*}", ""),
                        400,
                        "shippingAddress"),
                Arguments.of(
                        "a bad country", good.replace("\"GB\"", "\"Great Britain\""), 400, "shippingAddress.country"),
                Arguments.of("an unknown SKU", good.replace("SKU-001", "SKU-404"), 422, "items[0].sku"),
                Arguments.of("an empty body", "", 400, null),
                Arguments.of("a fractional quantity", good.replace("\"quantity\": 1", "\"quantity\": 1.9"), 400, null),
                Arguments.of(
                        "an overflowing quantity",
                        good.replace("\"quantity\": 1", "\"quantity\": 99999999999999999999"),
                        400,
                        null),
                Arguments.of("a NUL in the SKU", good.replace("SKU-001", "SKU-\\u0000001"), 400, "items[0].sku"),
                Arguments.of(
                        "a control character in a name",
                        good.replace("Ada Lovelace", "Ada\\u0007"),
                        400,
                        "shippingAddress.name"),
                Arguments.of("an unknown payment method", good.replace("\"CARD\"", "\"IOU\""), 400, "payment.method"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrders")
    void badInputIsAProblemAndChangesNothing(String what, String body, int status, String field) {
        long orders = count(pool, "SELECT count(*) FROM customer_order");
        long events = count(pool, PLACED_EVENTS);
        var response = given().contentType(ContentType.JSON)
                .body(body)
                .post("/orders")
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", is(status), "title", notNullValue(), "detail", notNullValue())
                .header("X-Correlation-Id", notNullValue());
        if (field != null) {
            response.body("violations.field", hasItem(field));
        }
        assertEquals(orders, count(pool, "SELECT count(*) FROM customer_order"), what + " stored an order");
        assertEquals(events, count(pool, PLACED_EVENTS), what + " stored an event");
    }

    @Test
    void anOversizedBodyIsRefused() {
        long orders = count(pool, "SELECT count(*) FROM customer_order");
        String huge = body("SKU-001", 1, "tok_visa", "GB").replace("Ada Lovelace", "A".repeat(70_000));
        given().contentType(ContentType.JSON)
                .body(huge)
                .post("/orders")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        assertEquals(orders, count(pool, "SELECT count(*) FROM customer_order"));
    }

    @Test
    void unknownOrdersAndSkusAreNotFound() {
        given().get("/orders/5b8f6a52-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/orders/not-a-uuid").then().statusCode(404);
        given().get("/inventory/SKU-404").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void theCatalogueIsSeeded() {
        List<String> skus = given().get("/inventory")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("sku");
        for (int i = 1; i <= 10; i++) {
            assertTrue(skus.contains("SKU-%03d".formatted(i)), "missing SKU-" + i);
        }
        given().get("/inventory/SKU-001")
                .then()
                .statusCode(200)
                .body("name", notNullValue(), "unitPrice", is(19.99f), "available", greaterThan(0));
    }

    @Test
    void ordersArePagedNewestFirstAndFilteredByStatus() {
        String older = place(body("SKU-004", 1, "tok_visa", "GB"));
        String newer = place(body("SKU-004", 1, "tok_visa", "GB"));
        List<String> ids = asSupport()
                .queryParam("size", 2)
                .get("/orders")
                .then()
                .statusCode(200)
                .body("total", greaterThanOrEqualTo(2), "page", is(0), "size", is(2))
                .extract()
                .jsonPath()
                .getList("items.orderId");
        assertEquals(List.of(newer, older), ids);

        // A confirmed order among pending ones: the filter keeps it and only its kind.
        JsonPath reserved = awaitOrder(older, o -> timelineTypes(o).contains("InventoryReserved"));
        try (TestBroker broker = TestBroker.connect()) {
            broker.publish(eventFor(reserved, new ShipmentCreated(older, "ChoreoPost", "CP-page"), "shipping-service"));
        }
        awaitOrder(older, o -> "CONFIRMED".equals(o.getString("status")));
        asSupport()
                .queryParam("status", "CONFIRMED")
                .queryParam("size", 200)
                .get("/orders")
                .then()
                .statusCode(200)
                .body(
                        "items",
                        not(empty()),
                        "items.status",
                        everyItem(is("CONFIRMED")),
                        "items.orderId",
                        hasItem(older),
                        "items.orderId",
                        not(hasItem(newer)));
        asSupport()
                .queryParam("status", "LOST")
                .get("/orders")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void aRepeatedIdempotencyKeyWithAnotherBodyIsRefusedAndChangesNothing() {
        String key = newKey();
        placeWithKey(key).statusCode(202);
        long orders = count(pool, "SELECT count(*) FROM customer_order");
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body("SKU-002", 3, "tok_visa", "GB"))
                .post("/orders")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("Idempotency-Key"));
        assertEquals(orders, count(pool, "SELECT count(*) FROM customer_order"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad id; drop table", "path/../like"})
    void aCorrelationIdWithOddCharactersIsRefused(String correlationId) {
        aCorrelationIdIsRefused(correlationId);
    }

    @Test
    void aCorrelationIdOver200CharactersIsRefused() {
        aCorrelationIdIsRefused("c".repeat(201));
    }

    private void aCorrelationIdIsRefused(String correlationId) {
        long orders = count(pool, "SELECT count(*) FROM customer_order");
        given().contentType(ContentType.JSON)
                .header("X-Correlation-Id", correlationId)
                .body(body("SKU-002", 1, "tok_visa", "GB"))
                .post("/orders")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        assertEquals(orders, count(pool, "SELECT count(*) FROM customer_order"));
    }
}
