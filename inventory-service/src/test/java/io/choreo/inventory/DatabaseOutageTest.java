package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.body;
import static io.choreo.inventory.OrderFixtures.count;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.choreo.events.testing.TcpProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * inventory's database unreachable (through a proxy this test cuts; the shared PostgreSQL server
 * keeps running): {@code POST /orders} answers {@code 503} with {@code Retry-After} and stores
 * nothing; the same request succeeds, once, when the database is back.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.DatabaseBehindAProxy.class)
class DatabaseOutageTest {

    static final TcpProxy DATABASE = TcpProxy.to(
            Optional.ofNullable(System.getenv("CHOREO_DB_HOST")).orElse("127.0.0.1"),
            Integer.parseInt(
                    Optional.ofNullable(System.getenv("CHOREO_DB_PORT")).orElse("5432")));

    public static class DatabaseBehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "choreo.db.port", Integer.toString(DATABASE.port()), "choreo.http.outage-retry-after", "PT7S");
        }
    }

    @Inject
    Pool pool;

    @Test
    void anOrderPlacedWhileTheDatabaseIsDownIsRefusedWith503AndNothingIsStored() {
        String key = "outage-" + UUID.randomUUID();
        String stored = "SELECT count(*) FROM order_request WHERE idempotency_key = '" + key + "'";
        String placedSince = "SELECT count(*) FROM event_store WHERE event_type = 'OrderPlaced' AND stored_at >= '"
                + java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC) + "'";

        DATABASE.cut();
        try {
            given().contentType(ContentType.JSON)
                    .header("Idempotency-Key", key)
                    .body(body("SKU-001", 1, "tok_visa", "GB"))
                    .post("/orders")
                    .then()
                    .statusCode(503)
                    .contentType(startsWith("application/problem+json"))
                    .header("Retry-After", "7")
                    .body("status", is(503), "title", is("Service Unavailable"), "detail", notNullValue());
        } finally {
            DATABASE.restore();
        }

        assertEquals(0, count(pool, stored), "no order stored");
        assertEquals(0, count(pool, placedSince), "no OrderPlaced stored");
        given().contentType(ContentType.JSON)
                .header("Idempotency-Key", key)
                .body(body("SKU-001", 1, "tok_visa", "GB"))
                .post("/orders")
                .then()
                .statusCode(202);
        assertEquals(1, count(pool, stored), "the retried request is stored once");
    }
}
