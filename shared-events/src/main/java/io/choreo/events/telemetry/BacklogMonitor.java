package io.choreo.events.telemetry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.choreo.events.Topology;
import io.choreo.events.broker.BrokerChannel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;

/**
 * What is waiting: the outbox backlog [choreo_outbox_backlog_events] and the age of its oldest
 * event [choreo_outbox_oldest_age_seconds], and the depth of this service's dead-letter queue
 * [choreo_dlq_depth_messages]. Sampled every {@code choreo.metrics.sample-interval}.
 */
@ApplicationScoped
public class BacklogMonitor {

    private static final Logger LOG = Logger.getLogger(BacklogMonitor.class);
    private static final String BACKLOG = """
            SELECT (SELECT count(*) FROM event_outbox) AS n,
                   coalesce(extract(epoch FROM now() - (SELECT stored_at FROM event_store
                                                        WHERE id = (SELECT min(id) FROM event_outbox))), 0) AS age
            """;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    @Inject
    BrokerChannel broker;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @ConfigProperty(name = "choreo.metrics.sample-interval", defaultValue = "PT5S")
    Duration interval;

    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong dlqDepth = new AtomicLong();
    private long timer = -1;

    void start(@Observes StartupEvent event) {
        Gauge.builder("choreo.outbox.backlog", backlog, AtomicLong::get)
                .baseUnit("events")
                .description("committed events not yet confirmed by the broker")
                .tag("service", service)
                .register(registry);
        Gauge.builder("choreo.outbox.oldest.age", oldestAgeMillis, a -> a.get() / 1000.0)
                .baseUnit("seconds")
                .description("age of the oldest unpublished event")
                .tag("service", service)
                .register(registry);
        Gauge.builder("choreo.dlq.depth", dlqDepth, AtomicLong::get)
                .baseUnit("messages")
                .description("messages in this service's dead-letter queue")
                .tag("service", service)
                .tag("queue", Topology.deadLetterQueue(service))
                .register(registry);
        timer = vertx.setPeriodic(interval.toMillis(), id -> sample());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void sample() {
        pool.query(BACKLOG)
                .execute()
                .subscribe()
                .with(
                        rows -> {
                            Row row = rows.iterator().next();
                            backlog.set(row.getLong("n"));
                            oldestAgeMillis.set((long) (row.getNumeric("age").doubleValue() * 1000));
                        },
                        failure -> LOG.debugf("outbox backlog not sampled: %s", failure));
        broker.messageCount(Topology.deadLetterQueue(service))
                .subscribe()
                .with(dlqDepth::set, failure -> LOG.debugf("DLQ depth not sampled: %s", failure));
    }
}
