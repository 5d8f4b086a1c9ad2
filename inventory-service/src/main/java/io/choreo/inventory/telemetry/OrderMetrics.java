package io.choreo.inventory.telemetry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.inventory.domain.OrderStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * Orders by status [choreo_orders{status}], read from the database (so every replica reports
 * the same, exact numbers), and the outcomes decided by this replica
 * [choreo_orders_decided_total{status, reason}].
 */
@ApplicationScoped
public class OrderMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "choreo.metrics.sample-interval", defaultValue = "PT5S")
    Duration interval;

    private final Map<OrderStatus, AtomicLong> byStatus = new EnumMap<>(OrderStatus.class);

    void start(@Observes StartupEvent event) {
        for (OrderStatus status : OrderStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("choreo.orders", count, AtomicLong::get)
                    .description("orders by status")
                    .tag("status", status.name())
                    .register(registry);
        }
        vertx.setPeriodic(interval.toMillis(), id -> sample());
    }

    void sample() {
        pool.query("SELECT status, count(*) AS n FROM customer_order GROUP BY status")
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            byStatus.values().forEach(c -> c.set(0));
                            for (Row row : rows) {
                                byStatus.get(OrderStatus.valueOf(row.getString("status")))
                                        .set(row.getLong("n"));
                            }
                        },
                        failure -> {});
    }

    public void decided(OrderStatus status, String reason) {
        registry.counter("choreo.orders.decided", "status", status.name(), "reason", reason == null ? "none" : reason)
                .increment();
    }
}
