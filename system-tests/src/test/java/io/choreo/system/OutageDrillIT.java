package io.choreo.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;

/**
 * The outage drill: two replicas of every service under a steady load of mixed orders, while
 * PostgreSQL is stopped for {@link #OUTAGE}, and then RabbitMQ for as long. Each outage outlasts
 * the whole retry schedule ({@link #RETRY_DELAYS}) and the order timeout ({@link
 * #ORDER_TIMEOUT}): an outage that spent a message's tries would dead-letter it, and one that the
 * order clock counted would cancel every order pending across it. So once quiet: no message is
 * dead-lettered, no order was cancelled for time, and every invariant holds. The load stays well
 * below what the suite can decide, so the orders accepted while the broker is away are decided
 * within the timeout once it is back. It stops the machine's own servers, so it runs only with
 * -Pdrill (like {@link FaultDrillIT}).
 */
@Order(Order.DEFAULT + 2) // after every test on the shared suite (junit-platform.properties)
class OutageDrillIT {

    static final Duration OUTAGE = Duration.ofSeconds(40);
    static final Duration ORDER_TIMEOUT = Duration.ofSeconds(30);
    static final String RETRY_DELAYS = "PT0.5S,PT1S,PT2S";
    /** Four clients, each placing an order a second: a few orders a second, a fraction of what the suite decides. */
    static final Duration PAUSE_BETWEEN_ORDERS = Duration.ofSeconds(1);

    static Drill drill;
    static Services services;
    static TestBroker broker;
    static final List<String> outages = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Duration schedule =
                Arrays.stream(RETRY_DELAYS.split(",")).map(Duration::parse).reduce(Duration.ZERO, Duration::plus);
        assertTrue(
                OUTAGE.compareTo(ORDER_TIMEOUT) > 0 && OUTAGE.compareTo(schedule) > 0,
                "an outage that outlasts neither the order timeout nor the retry schedule proves nothing");
        drill = Drill.start(
                "outage-drill",
                28180,
                Map.of("CHOREO_ORDER_TIMEOUT", ORDER_TIMEOUT.toString(), "CHOREO_RETRY_DELAYS", RETRY_DELAYS));
        services = drill.services();
        broker = drill.broker();
    }

    @AfterAll
    static void stop() {
        if (drill != null) {
            drill.close();
        }
    }

    @Test
    void longOutagesOfTheDatabaseAndTheBrokerDeadLetterNothingAndTimeNothingOut() throws Exception {
        FaultDrillIT.Load load =
                new FaultDrillIT.Load(List.of(url("inventory-1"), url("inventory-2")), PAUSE_BETWEEN_ORDERS);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            clients.submit(load::run);
        }
        long started = System.nanoTime();
        // Orders in flight when each outage begins, and orders placed after the broker is back.
        Thread.sleep(5_000);

        // The proof needs orders the outages held longer than the timeout: those pending when the
        // database stops (nothing decides them until it is back), and those pending for longer than
        // the timeout when the broker returns (placed before it stopped or early in its outage).
        // At a few orders a second each is decided within a second, often before the next: a burst
        // placed just before the database stops makes sure some are in flight.
        burst(load, 20);
        long heldByDatabase = pendingFor(Duration.ZERO);
        outage("PostgreSQL down for " + OUTAGE.toSeconds() + " s", Machine::stopPostgres, Machine::startPostgres);
        Thread.sleep(5_000);
        long[] heldByBroker = {0};
        outage("RabbitMQ down for " + OUTAGE.toSeconds() + " s", Machine::stopRabbitMq, () -> {
            heldByBroker[0] = pendingFor(ORDER_TIMEOUT);
            Machine.startRabbitMq();
        });
        Thread.sleep(10_000);

        load.stop();
        clients.shutdown();
        assertTrue(clients.awaitTermination(180, TimeUnit.SECONDS), "the load generator stopped");
        Set<String> accepted = load.accepted.keySet();
        String[] ids = accepted.toArray(new String[0]);
        Awaitility.await()
                .atMost(Duration.ofSeconds(300))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'")
                                == 0);
        Quiet.await(broker);

        long terminal = Databases.count(
                "inventory",
                "SELECT count(*) FROM customer_order WHERE id::text = ANY(?) "
                        + "AND status IN ('CONFIRMED', 'REJECTED', 'CANCELLED')",
                (Object) ids);
        // Every order of the load is decided by the services (charged, declined, refused for its
        // address ...) well inside the timeout; one cancelled for time had an outage counted
        // against it (every order pending across an outage would have been).
        long timedOut = Databases.count(
                "inventory",
                "SELECT count(*) FROM customer_order WHERE id::text = ANY(?) AND reason = 'timed_out'",
                (Object) ids);
        Map<String, Long> outcomes = new LinkedHashMap<>();
        for (Map<String, Object> row : Databases.query(
                "inventory",
                "SELECT status || coalesce('/' || reason, '') AS o, "
                        + "count(*) AS n FROM customer_order GROUP BY 1 ORDER BY 1")) {
            outcomes.put((String) row.get("o"), ((Number) row.get("n")).longValue());
        }
        Map<String, Long> depth = new LinkedHashMap<>();
        for (String service : Topology.BINDINGS.keySet()) {
            depth.put(Topology.deadLetterQueue(service), broker.messageCount(Topology.deadLetterQueue(service)));
        }
        // No poison is sent here: every dead letter would be one the outages caused.
        List<String> broken = Invariants.check(Map.of(), depth);
        System.out.printf(
                "outage drill: %d orders placed (%d client retries), outages %s, orders held past the timeout"
                        + " by the database %d, by the broker %d, %d undecided, %d timed out,"
                        + " dead letters %s, %d invariant breaks, quiet after %.0f s; outcomes %s%n",
                accepted.size(),
                load.clientRetries.get(),
                outages,
                heldByDatabase,
                heldByBroker[0],
                accepted.size() - terminal,
                timedOut,
                depth,
                broken.size(),
                (System.nanoTime() - started) / 1e9,
                outcomes);
        assertTrue(
                heldByDatabase > 0 && heldByBroker[0] > 0,
                "orders held past the timeout by each outage, or the clock went unproved");
        assertEquals(accepted.size(), terminal, "every accepted order is decided");
        assertTrue(depth.values().stream().allMatch(d -> d == 0), "no dead letter after outages: " + depth);
        assertEquals(0, timedOut, "orders cancelled for time although an outage, not the order, held them");
        assertTrue(broken.isEmpty(), String.join("\n", broken));
        Quiet.assertProjectionsMatch(services.all());
        Quiet.assertStreamHoldsEveryEvent();
        assertTrue(accepted.size() >= 100, "a real load: " + accepted.size() + " orders");
    }

    /** A dependency stops for {@link #OUTAGE} under load, then starts; every instance is ready again after, unrestarted. */
    static void outage(String name, FaultDrillIT.Fault stop, FaultDrillIT.Fault start) throws Exception {
        long began = System.nanoTime();
        stop.inject();
        try {
            Thread.sleep(OUTAGE.toMillis());
        } finally {
            start.inject();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> services.all().stream().allMatch(i -> services.readiness(i) == 200));
        outages.add(name);
        System.out.printf("outage drill: %s (%.1f s until all ready)%n", name, (System.nanoTime() - began) / 1e9);
    }

    /** Places {@code count} orders at once, more than the suite decides in a second. */
    static void burst(FaultDrillIT.Load load, int count) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            for (Future<?> placed : clients.invokeAll(Collections.nCopies(count, Executors.callable(load::placeOne)))) {
                placed.get();
            }
        } finally {
            clients.shutdown();
        }
    }

    /** Orders of the load still pending after {@code age} (database clock). */
    static long pendingFor(Duration age) {
        return Databases.count(
                "inventory",
                "SELECT count(*) FROM customer_order WHERE status = 'PENDING'"
                        + " AND created_at <= now() - make_interval(secs => ?)",
                (double) age.toSeconds());
    }

    static String url(String instance) {
        return services.get(instance).url();
    }
}
