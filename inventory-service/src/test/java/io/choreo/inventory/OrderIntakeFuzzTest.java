package io.choreo.inventory;

import static io.choreo.inventory.OrderFixtures.body;
import static io.choreo.inventory.OrderFixtures.count;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * {@code POST /orders} fed random mutations of a valid body: never a 5xx, every refusal a problem,
 * and nothing stored but what was accepted. The seed is printed, so a failure can be replayed
 * ({@code -Dchoreo.fuzz.seed=...}).
 */
@QuarkusTest
class OrderIntakeFuzzTest {

    static final int BODIES = Integer.getInteger("choreo.fuzz.bodies", 1000);

    /** What a mutation may put in: odd characters, odd numbers, odd JSON. */
    static final String[] NASTY = {
        "\\u0000",
        "\\u0007",
        "\\u001b",
        "\\u007f",
        "\\u0085",
        "\\ud800",
        "\u00e9",
        "\u4e2d",
        "\ud83d\ude00",
        "\"",
        "\\\\",
        "'",
        "<",
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "null",
        "true",
        "-1",
        "0",
        "1.5",
        "1e400",
        "-0",
        "99999999999999999999",
        "\"\"",
        "[]",
        "{}",
        " ",
        "\\n",
        "%00",
        "${x}",
        "' OR 1=1 --"
    };

    @Inject
    Pool pool;

    @Test
    void mutatedBodiesAreRefusedCleanlyOrAcceptedAndNothingElseIsStored() {
        long seed = Long.getLong("choreo.fuzz.seed", System.nanoTime());
        System.out.println("order intake fuzz: seed " + seed + ", " + BODIES + " bodies");
        Random random = new Random(seed);
        String valid = body("SKU-001", 1, "tok_visa", "GB");
        long ordersBefore = count(pool, "SELECT count(*) FROM customer_order");
        long eventsBefore = count(pool, "SELECT count(*) FROM event_store WHERE event_type = 'OrderPlaced'");
        Set<String> accepted = new HashSet<>();
        List<String> broken = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < BODIES; i++) {
            String mutated = mutate(valid, random);
            Response response =
                    given().contentType(ContentType.JSON).body(mutated).post("/orders");
            int status = response.statusCode();
            if (status == 202) {
                accepted.add(response.path("orderId"));
            } else if (status >= 500) {
                broken.add(status + " for " + mutated);
            } else if (!response.contentType().startsWith("application/problem+json")
                    || response.path("status") == null) {
                broken.add(status + " without a problem body for " + mutated);
            } else {
                refused++;
            }
        }
        System.out.printf(
                "order intake fuzz: %d accepted, %d refused, %d broken%n", accepted.size(), refused, broken.size());
        assertTrue(broken.isEmpty(), "seed " + seed + ":\n" + String.join("\n", broken));
        assertEquals(
                ordersBefore + accepted.size(),
                count(pool, "SELECT count(*) FROM customer_order"),
                "orders stored = orders accepted (seed " + seed + ")");
        assertEquals(
                eventsBefore + accepted.size(),
                count(pool, "SELECT count(*) FROM event_store WHERE event_type = 'OrderPlaced'"),
                "OrderPlaced stored = orders accepted (seed " + seed + ")");
    }

    /** One to three random edits of the body: replace, insert or delete a run of characters. */
    static String mutate(String body, Random random) {
        StringBuilder text = new StringBuilder(body);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(4)) {
                case 0 -> text.insert(at, NASTY[random.nextInt(NASTY.length)]);
                case 1 -> text.delete(at, Math.min(text.length(), at + 1 + random.nextInt(8)));
                case 2 ->
                    text.replace(
                            at,
                            Math.min(text.length(), at + 1 + random.nextInt(4)),
                            NASTY[random.nextInt(NASTY.length)]);
                default -> {
                    // Replace a value inside quotes: the most likely way to reach validation, not the parser.
                    int quote = text.indexOf("\": \"", at);
                    if (quote > 0) {
                        int end = text.indexOf("\"", quote + 4);
                        if (end > 0) {
                            text.replace(quote + 4, end, NASTY[random.nextInt(NASTY.length)]);
                        }
                    }
                }
            }
        }
        return text.toString();
    }
}
