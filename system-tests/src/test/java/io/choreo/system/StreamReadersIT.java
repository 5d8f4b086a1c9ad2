package io.choreo.system;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * inventory's stream readers (timelines, statistics) SIGKILLed while they read under load: after
 * the restart each goes on from the offset it stored with its last batch, so the statistics
 * still equal a count over the orders table, nothing missed and nothing twice.
 */
class StreamReadersIT extends SuiteIT {

    @Test
    void killedWhileReadingTheStatisticsMissNothingAndCountNothingTwice() throws Exception {
        Services.Instance inventory = suite.services.get("inventory");
        FaultDrillIT.Load load = new FaultDrillIT.Load(List.of(inventory.url()));
        ExecutorService clients = Executors.newFixedThreadPool(3);
        for (int i = 0; i < 3; i++) {
            clients.submit(load::run);
        }
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> load.accepted.size() >= 60);
            suite.services.kill(inventory);
            suite.services.restart(inventory);
            int atRestart = load.accepted.size();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> load.accepted.size() >= atRestart + 30);
        } finally {
            load.stop();
            clients.shutdown();
            assertTrue(clients.awaitTermination(120, TimeUnit.SECONDS), "the load generator stopped");
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        Databases.count("inventory", "SELECT count(*) FROM customer_order WHERE status = 'PENDING'")
                                == 0);
        OrderStatistics.assertMatchOrdersTable(inventory.url());
    }
}
