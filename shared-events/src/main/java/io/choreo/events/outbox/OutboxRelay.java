package io.choreo.events.outbox;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import io.choreo.events.telemetry.EventMetrics;
import io.choreo.events.telemetry.TraceContexts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Publishes committed events from the event store to the {@code order-events} exchange, oldest
 * first, with publisher confirms; a row is marked published only after the broker confirmed it.
 * Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so replicas share the work without
 * publishing one row twice at once. It runs when woken after a commit and on a timer, which also
 * picks up what a crashed replica left behind. A publish that fails leaves the row unpublished for
 * the next round: an event may be published twice (consumers are idempotent), never lost.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String CLAIM = """
            SELECT id, event_id, event_type, aggregate_id, correlation_id, occurred_at, envelope, traceparent
            FROM event_store WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
            """;
    private static final String MARK = "UPDATE event_store SET published_at = now() WHERE id = ANY($1)";

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Tracer tracer;

    @Inject
    EventMetrics metrics;

    @Inject
    @Channel("events-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
    MutinyEmitter<String> emitter;

    @ConfigProperty(name = "choreo.outbox.batch-size", defaultValue = "200")
    int batchSize;

    @ConfigProperty(name = "choreo.outbox.poll-interval", defaultValue = "PT1S")
    Duration pollInterval;

    @ConfigProperty(name = "choreo.outbox.publish-timeout", defaultValue = "PT10S")
    Duration publishTimeout;

    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean stopped;
    private long timerId = -1;

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> wake());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Asks for a round soon; rounds never overlap within one replica. */
    public void wake() {
        requested.set(true);
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        publishBatch()
                .subscribe()
                .with(
                        published -> {
                            running.set(false);
                            if (published >= batchSize || requested.get()) {
                                wake();
                            }
                        },
                        failure -> {
                            running.set(false);
                            if (!stopped) {
                                LOG.warnf(
                                        "outbox relay round failed, retrying on the next tick: %s", failure.toString());
                            }
                        });
    }

    /** Publishes one batch of unpublished events and returns how many were confirmed. */
    public Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery(CLAIM)
                .execute(Tuple.of(batchSize))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    List<Long> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getLong("id"));
                        sends.add(send(row));
                    }
                    return Uni.join()
                            .all(sends)
                            .andFailFast()
                            .chain(() -> mark(connection, ids))
                            .replaceWith(rows.size());
                }));
    }

    private Uni<Void> mark(SqlConnection connection, List<Long> ids) {
        return connection
                .preparedQuery(MARK)
                .execute(Tuple.of(ids.toArray(new Long[0])))
                .replaceWithVoid();
    }

    private Uni<Void> send(Row row) {
        String eventType = row.getString("event_type");
        String eventId = row.getUUID("event_id").toString();
        OutgoingRabbitMQMetadata amqp = OutgoingRabbitMQMetadata.builder()
                .withRoutingKey(eventType)
                .withMessageId(eventId)
                .withCorrelationId(row.getString("correlation_id"))
                .withType(eventType)
                .withContentType("application/json")
                .withDeliveryMode(2)
                .withTimestamp(ZonedDateTime.ofInstant(
                        row.getOffsetDateTime("occurred_at").toInstant(), ZoneOffset.UTC))
                .build();
        // The relay runs outside the request or handler that stored the event: continue that trace,
        // with a span that names the event; the connector's publish span becomes its child.
        Span span = tracer.spanBuilder("outbox relay " + eventType)
                .setParent(TraceContexts.restore(row.getString("traceparent")))
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute("order.id", row.getString("aggregate_id"))
                .setAttribute("correlation.id", row.getString("correlation_id"))
                .setAttribute("event.type", eventType)
                .setAttribute("event.id", eventId)
                .startSpan();
        TracingMetadata tracing = TracingMetadata.withCurrent(Context.root().with(span));
        Message<String> message = Message.of(row.getString("envelope"), Metadata.of(amqp, tracing));
        return emitter.sendMessage(message)
                .ifNoItem()
                .after(publishTimeout)
                .fail()
                .invoke(() -> metrics.published(eventType))
                .onFailure()
                .invoke(failure -> span.recordException(failure))
                .onTermination()
                .invoke(span::end);
    }
}
