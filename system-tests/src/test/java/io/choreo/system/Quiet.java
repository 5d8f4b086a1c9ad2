package io.choreo.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;

/** When the suite has settled, and whether the invariants hold then: shared by the system tests and the fault drill. */
final class Quiet {

    private Quiet() {}

    /** Waits until no order is pending, every event store is published, and every queue is empty, three polls in a row. */
    static void await(TestBroker broker) {
        int[] calm = {0};
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    boolean quiet =
                            Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'")
                                    == 0;
                    for (String service : Databases.SERVICES) {
                        quiet &= Databases.count(service, "SELECT count(*) FROM event_outbox") == 0;
                    }
                    for (String service : Topology.BINDINGS.keySet()) {
                        quiet &= broker.messageCount(Topology.queue(service)) == 0;
                    }
                    calm[0] = quiet ? calm[0] + 1 : 0;
                    return calm[0] >= 3;
                });
    }

    /** The six invariants over every order in the databases; fails with one line per broken rule. */
    static void assertInvariants(TestBroker broker, Map<String, Long> poisonSent) {
        Map<String, Long> depth = new LinkedHashMap<>();
        for (String service : Topology.BINDINGS.keySet()) {
            depth.put(Topology.deadLetterQueue(service), broker.messageCount(Topology.deadLetterQueue(service)));
        }
        List<String> broken = Invariants.check(poisonSent, depth);
        long orders = Databases.count("inventory", "SELECT count(*) FROM customer_order");
        System.out.printf("invariants checked over %d orders: %d broken%n", orders, broken.size());
        assertTrue(broken.isEmpty(), String.join("\n", broken));
    }

    /**
     * Every instance's read models, rebuilt from its events, equal the live ones (each service's
     * {@code POST /admin/projections/rebuild} answers {@code matched: true}).
     */
    static void assertProjectionsMatch(List<Services.Instance> instances) {
        for (Services.Instance instance : instances) {
            var answer = io.restassured.RestAssured.given()
                    .auth()
                    .preemptive()
                    .basic("admin", Services.ADMIN_PASSWORD)
                    .post(instance.url() + "/admin/projections/rebuild")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            System.out.printf("projection rebuild on %s: %s%n", instance.name, answer.getList("models"));
            assertTrue(answer.getBoolean("matched"), instance.name + ": " + answer.prettify());
        }
    }

    /**
     * Every event the four services published is in the event stream: inventory's timeline, fed
     * from the stream alone, has an entry for each (its reader has up to a minute to catch up).
     * The statistics compare counts of a few event types; this names any event the stream lacks.
     */
    static void assertStreamHoldsEveryEvent() {
        Map<String, String> missing = new TreeMap<>();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        missing.clear();
                        missing.putAll(publishedNotInStream());
                        return missing.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            // the assertion below names them
        }
        System.out.printf("events published but not in the stream: %d%n", missing.size());
        assertTrue(
                missing.isEmpty(),
                missing.size() + " published event(s) not in the stream, e.g. "
                        + missing.entrySet().stream().limit(10).toList());
    }

    /** Published events (event id to service/type/stored at) with no timeline entry. */
    private static Map<String, String> publishedNotInStream() {
        Map<String, String> published = new TreeMap<>();
        for (String service : Databases.SERVICES) {
            for (Map<String, Object> row : Databases.query(
                    service,
                    "SELECT event_id::text AS id, event_type AS type, stored_at::text AS at"
                            + " FROM event_store WHERE NOT private_event")) {
                published.put((String) row.get("id"), service + "/" + row.get("type") + " stored " + row.get("at"));
            }
        }
        for (Map<String, Object> row :
                Databases.query("inventory", "SELECT event_id::text AS id FROM timeline_entry")) {
            published.remove((String) row.get("id"));
        }
        return published;
    }
}
