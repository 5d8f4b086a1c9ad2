package io.choreo.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import com.rabbitmq.client.AMQP;

import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;

/**
 * The fault drill: two replicas of every service under a steady load of mixed orders, while each
 * service is SIGKILLed and restarted, RabbitMQ and PostgreSQL are restarted, events are delivered
 * again and poison messages are injected. Then, once quiet: no accepted order lost, the six
 * invariants hold. It restarts the machine's own servers, so it runs only with -Pdrill.
 */
@Order(Order.DEFAULT + 1) // after every test on the shared suite (junit-platform.properties)
class FaultDrillIT {

    static Drill drill;
    static Services services;
    static TestBroker broker;
    static final Map<String, Long> poison = new LinkedHashMap<>();
    static final List<String> faults = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        drill = Drill.start("drill", 28080);
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
    void underLoadAndFaultsNothingIsLostOrDoneTwice() throws Exception {
        Load load = new Load(List.of(url("inventory-1"), url("inventory-2")));
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4; i++) {
            clients.submit(load::run);
        }
        long started = System.nanoTime();
        // Between faults, a few seconds of load: orders in flight when the next one strikes.
        Thread.sleep(3000);

        kill(Databases.SERVICES.stream().map(service -> service + "-1").toList());
        fault("restart RabbitMQ", () -> outage(Machine::stopRabbitMq, Machine::startRabbitMq));
        Thread.sleep(3000);
        fault("restart PostgreSQL", () -> outage(Machine::stopPostgres, Machine::startPostgres));
        Thread.sleep(3000);
        kill(Databases.SERVICES.stream().map(service -> service + "-2").toList());
        redeliverDuplicates(40);
        injectPoison();
        Thread.sleep(3000);

        load.stop();
        clients.shutdown();
        assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS), "the load generator stopped");
        Set<String> accepted = load.accepted.keySet();
        Awaitility.await()
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'")
                                == 0);
        Quiet.await(broker);

        long stored =
                Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE id::text = ANY(?)", (Object)
                        accepted.toArray(new String[0]));
        long terminal = Databases.count(
                "inventory",
                "SELECT count(*) FROM customer_order WHERE id::text = ANY(?) "
                        + "AND status IN ('CONFIRMED', 'REJECTED', 'CANCELLED')",
                (Object) accepted.toArray(new String[0]));
        long lost = accepted.size() - terminal;
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
        List<String> broken = Invariants.check(poison, depth);
        System.out.printf(
                "fault drill: %d orders placed (%d client retries), %d faults injected %s, "
                        + "%d orders lost, %d invariant breaks, quiet after %.0f s; outcomes %s%n",
                accepted.size(),
                load.clientRetries.get(),
                faults.size(),
                faults,
                lost,
                broken.size(),
                (System.nanoTime() - started) / 1e9,
                outcomes);
        assertEquals(accepted.size(), stored, "every accepted order is stored");
        assertEquals(0, lost, "orders lost");
        assertTrue(broken.isEmpty(), String.join("\n", broken));
        Quiet.assertProjectionsMatch(services.all());
        Quiet.assertStreamHoldsEveryEvent();
        // The statistics, read from the stream through every kill and outage, still count each order once.
        OrderStatistics.assertMatchOrdersTable(url("inventory-1"));
        assertTrue(accepted.size() >= 100, "a real load: " + accepted.size() + " orders");
    }

    // --- faults -------------------------------------------------------------------------------

    interface Fault {
        void inject() throws Exception;
    }

    static void fault(String name, Fault fault) throws Exception {
        long started = System.nanoTime();
        fault.inject();
        faults.add(name);
        System.out.printf("drill: %s (%.1f s)%n", name, (System.nanoTime() - started) / 1e9);
    }

    /**
     * A dependency goes away and comes back: every instance's readiness must turn DOWN while it is
     * away and UP again after, with no restart of the services.
     */
    static void outage(Fault stop, Fault start) throws Exception {
        stop.inject();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> services.all().stream().allMatch(i -> services.readiness(i) == 503));
        } finally {
            Thread.sleep(3000);
            start.inject();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> services.all().stream().allMatch(i -> services.readiness(i) == 200));
    }

    /**
     * SIGKILLs the instances at once (one replica of each service, the other keeps serving), then
     * restarts them together: each is killed mid-work as when killed alone, and their starts share
     * the wait instead of queueing for it.
     */
    static void kill(List<String> instances) throws Exception {
        long started = System.nanoTime();
        for (String instance : instances) {
            services.kill(services.get(instance));
        }
        Thread.sleep(1000);
        for (String instance : instances) {
            services.start(services.get(instance));
        }
        for (String instance : instances) {
            services.awaitReady(services.get(instance));
        }
        for (String instance : instances) {
            faults.add("SIGKILL " + instance);
        }
        System.out.printf("drill: SIGKILL %s (%.1f s)%n", instances, (System.nanoTime() - started) / 1e9);
    }

    /** Publishes events that were already handled once more, each twice. */
    static void redeliverDuplicates(int count) throws Exception {
        fault("redeliver " + count + " events twice", () -> {
            for (String service : Databases.SERVICES) {
                for (Map<String, Object> row : Databases.query(
                        service,
                        "SELECT envelope FROM event_store e WHERE NOT private_event"
                                + " AND NOT EXISTS (SELECT 1 FROM event_outbox o WHERE o.id = e.id)"
                                + " ORDER BY random() LIMIT ?",
                        count / 4)) {
                    var event = broker.codec().decode((String) row.get("envelope"));
                    broker.publish(event);
                    broker.publish(event);
                }
            }
        });
    }

    static void injectPoison() throws Exception {
        fault("inject 3 poison messages", () -> {
            AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                    .contentType("text/plain")
                    .deliveryMode(2)
                    .build();
            List<String> routingKeys = List.of("ShipmentCreated", "InventoryReserved", "PaymentCompleted");
            for (String routingKey : routingKeys) {
                broker.publishRaw(routingKey, props, ("poison for " + routingKey).getBytes(StandardCharsets.UTF_8));
            }
            // Each poison reaches the queues bound to its routing key, and each of them dead-letters it.
            Topology.BINDINGS.forEach((service, keys) -> {
                long reached = routingKeys.stream()
                        .filter(key -> keys.contains("#") || keys.contains(key))
                        .count();
                if (reached > 0) {
                    poison.put(Topology.deadLetterQueue(service), reached);
                }
            });
        });
    }

    static String url(String instance) {
        return services.get(instance).url();
    }

    // --- load ---------------------------------------------------------------------------------

    /**
     * Clients that keep placing mixed orders, each pausing between two orders; a refused or failed
     * request is retried with its Idempotency-Key.
     */
    static final class Load {
        private static final Pattern ORDER_ID = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");
        final Map<String, Boolean> accepted = new ConcurrentHashMap<>();
        final AtomicInteger clientRetries = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger sequence = new AtomicInteger();
        private final List<String> targets;
        private final Duration pause;
        private final HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        Load(List<String> targets) {
            this(targets, Duration.ofMillis(150));
        }

        Load(List<String> targets, Duration pause) {
            this.targets = targets;
            this.pause = pause;
        }

        void stop() {
            running.set(false);
        }

        void run() {
            while (running.get()) {
                placeOne();
                sleep(pause.toMillis());
            }
        }

        /** Places one order, trying again (same Idempotency-Key) until it is accepted or 120 tries are spent. */
        void placeOne() {
            int n = sequence.incrementAndGet();
            String key = "drill-" + UUID.randomUUID();
            String body = body(n);
            for (int attempt = 0; attempt < 120; attempt++) {
                String target = targets.get((n + attempt) % targets.size());
                try {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create(target + "/orders"))
                                    .timeout(Duration.ofSeconds(10))
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", key)
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 202) {
                        Matcher id = ORDER_ID.matcher(response.body());
                        if (id.find()) {
                            accepted.put(id.group(1), true);
                        }
                        return;
                    }
                } catch (Exception e) {
                    // the instance is down or restarting: try again
                }
                clientRetries.incrementAndGet();
                sleep(500);
            }
        }

        private static String body(int n) {
            String[] tokens = {
                "tok_visa",
                "tok_visa",
                "tok_visa",
                "tok_mastercard",
                "tok_declined",
                "tok_flaky",
                "tok_insufficient_funds",
                "tok_visa"
            };
            String token = tokens[n % tokens.length];
            String country = n % 13 == 0 ? "AQ" : "GB";
            String email = n % 17 == 0 ? "drill@example.invalid" : "drill@example.com";
            String sku = n % 29 == 0
                    ? "SKU-010"
                    : "SKU-00" + (1 + ThreadLocalRandom.current().nextInt(9));
            return OrderBodies.order(token, country, email, OrderBodies.item(sku, 1 + n % 3));
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
