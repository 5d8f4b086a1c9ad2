package io.choreo.payment;

import static io.choreo.payment.PaymentFlowTest.reserved;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;
import io.choreo.events.consume.Redelivery;
import io.choreo.events.consume.RetrySchedule;
import io.choreo.events.testing.BrokerTest;
import io.choreo.events.testing.Caller;
import io.choreo.events.testing.TcpProxy;
import io.choreo.events.testing.TestStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The service's database is unreachable (through a proxy this test cuts; the shared PostgreSQL
 * server keeps running) for longer than the whole retry schedule: the message waits, its tries
 * unspent, and is handled once when the database returns, never dead-lettered.
 */
@QuarkusTest
@TestProfile(DatabaseOutageTest.DatabaseBehindAProxy.class)
class DatabaseOutageTest extends BrokerTest {

    static final TcpProxy DATABASE = TcpProxy.to(
            Optional.ofNullable(System.getenv("CHOREO_DB_HOST")).orElse("127.0.0.1"),
            Integer.parseInt(
                    Optional.ofNullable(System.getenv("CHOREO_DB_PORT")).orElse("5432")));

    public static class DatabaseBehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "choreo.db.port", Integer.toString(DATABASE.port()),
                    "choreo.retry.delays", "PT1S,PT2S",
                    "choreo.outage.backoff.max", "PT2S");
        }
    }

    /** Longer than both retry delays together (1 s + 2 s), so that spending tries would dead-letter. */
    static final Duration OUTAGE = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Inject
    Redelivery redelivery;

    @Inject
    MeterRegistry registry;

    double counted(String name) {
        Counter counter = registry.find(name).tag("type", "InventoryReserved").counter();
        return counter == null ? 0 : counter.count();
    }

    long waitingAside() {
        long retrying = redelivery.schedule().delays().stream()
                .mapToLong(delay -> broker.messageCount(RetrySchedule.queue(Topology.PAYMENT, delay)))
                .sum();
        return retrying + broker.messageCount(Topology.deadLetterQueue(Topology.PAYMENT));
    }

    @Test
    void aMessageWaitsOutADatabaseOutageWithoutSpendingItsTries() throws Exception {
        broker.purge(Topology.deadLetterQueue(Topology.PAYMENT));
        double retriedBefore = counted("choreo.events.retried");
        double failedBefore = counted("choreo.events.failed");
        double waitsBefore = counted("choreo.events.outage.waits");
        String orderId = UUID.randomUUID().toString();
        EventEnvelope event = reserved(orderId, "tok_visa");

        DATABASE.cut();
        try {
            broker.publish(event);
            long until = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < until) {
                assertEquals(0, waitingAside(), "nothing goes to a retry queue or the DLQ during the outage");
                Thread.sleep(250);
            }
            assertTrue(counted("choreo.events.outage.waits") > waitsBefore, "the wait is counted");
        } finally {
            DATABASE.restore();
        }

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> Caller.asSupport()
                                .get("/payments/" + orderId)
                                .then()
                                .extract(),
                        r -> r.statusCode() == 200 && "CAPTURED".equals(r.path("status")));
        TestStore store = new TestStore(pool);
        assertEquals(1, store.deliveries(event), "handled once, delivered once");
        assertEquals(1, store.events(orderId, "PaymentCompleted"));
        assertEquals(0, waitingAside(), "never retried through the broker, never dead-lettered");
        assertEquals(retriedBefore, counted("choreo.events.retried"), "no try was spent");
        assertEquals(failedBefore, counted("choreo.events.failed"), "nothing dead-lettered");
    }
}
