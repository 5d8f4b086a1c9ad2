package io.choreo.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;

import io.choreo.events.Topology;
import io.choreo.events.broker.EventPublisher;
import io.choreo.events.store.Pipeline;
import io.choreo.events.telemetry.EventMetrics;
import io.choreo.events.telemetry.TraceContexts;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

/**
 * Publishes committed events from the event store to the {@code order-events} exchange, oldest
 * first, a round at a time through {@link EventPublisher} (published together, confirmed once); an
 * event leaves the outbox ({@code event_outbox}) only after the broker confirmed it.
 * A round is one transaction: one statement deletes the oldest outbox rows (locked with
 * {@code FOR UPDATE SKIP LOCKED}, so replicas share the work without publishing one row twice at
 * once) and returns their events; the round publishes them and commits only after the broker
 * confirmed them. A publish that fails rolls the round back: the rows are in the outbox again for
 * the next round. It runs when woken after a commit and on a timer, which also picks up what a
 * crashed replica left behind. An event may be published twice (consumers are idempotent), never
 * lost.
 *
 * <p>The round's commit does not wait for the disk ({@code synchronous_commit} off, for this
 * transaction only): were the server to crash before it reached the disk, the rows would be back
 * in the outbox and their events published again, which consumers take as duplicates. The events
 * themselves, and every other transaction, are committed durably.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /**
     * The round's statements, sent together: its commit need not wait for the disk (see above); the
     * oldest unpublished ids, locked (skipping those another replica holds) and deleted, then their
     * events. The ids as an array, not a join: a join's generic plan merged the outbox with
     * event_store's primary key from its first row, a walk through the whole history on every round.
     */
    private static final String CLAIM = """
            SET LOCAL synchronous_commit TO OFF;
            WITH claimed AS (
                DELETE FROM event_outbox
                WHERE id = ANY(ARRAY(SELECT id FROM event_outbox ORDER BY id LIMIT %d FOR UPDATE SKIP LOCKED))
                RETURNING id)
            SELECT id, event_id, event_type, aggregate_id, correlation_id, occurred_at, envelope, traceparent
            FROM event_store
            WHERE id = ANY(ARRAY(SELECT id FROM claimed))
            ORDER BY id
            """;

    /**
     * Events a replica of the release before the outbox table stored (published_at NULL) and may
     * not have published before it stopped, taken into the outbox (V18__event_outbox.sql). The
     * partial index of NULL rows is empty otherwise, so this costs one index probe a tick.
     */
    private static final String ADOPT = """
            WITH legacy AS (
                UPDATE event_store SET published_at = now() WHERE published_at IS NULL RETURNING id, private_event)
            INSERT INTO event_outbox (id) SELECT id FROM legacy WHERE NOT private_event ON CONFLICT DO NOTHING
            """;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @Inject
    Tracer tracer;

    @Inject
    EventMetrics metrics;

    @Inject
    EventPublisher publisher;

    @Inject
    OpenTelemetry openTelemetry;

    private TextMapPropagator propagator;

    private String claim;

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

    @PostConstruct
    void prepare() {
        propagator = openTelemetry.getPropagators().getTextMapPropagator();
        claim = CLAIM.formatted(batchSize);
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> adoptThenWake());
        wake();
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** The timer's round: first any event a replica of the previous release left unpublished. */
    private void adoptThenWake() {
        pool.query(ADOPT)
                .execute()
                .subscribe()
                .with(
                        adopted -> {
                            if (adopted.rowCount() > 0) {
                                LOG.infof("took %d event(s) of an older replica into the outbox", adopted.rowCount());
                            }
                            wake();
                        },
                        failure -> wake());
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
        // BEGIN goes out with the claim (Pipeline): a round of one round trip, the publish, and the commit.
        return Pipeline.run(
                pool,
                transaction -> transaction.connection().query(claim).execute().chain(set -> {
                    // The first result is the SET's; the second the claimed events.
                    RowSet<Row> rows = set.next();
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<EventPublisher.Outgoing> messages = new ArrayList<>(rows.size());
                    List<Span> spans = new ArrayList<>(rows.size());
                    List<String> types = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        types.add(row.getString("event_type"));
                        messages.add(outgoing(row, spans));
                    }
                    return publisher
                            .publish(Topology.EXCHANGE, messages, publishTimeout)
                            .invoke(() -> types.forEach(metrics::published))
                            .onFailure()
                            .invoke(failure -> spans.forEach(span -> span.recordException(failure)))
                            .onTermination()
                            .invoke(() -> spans.forEach(Span::end))
                            .replaceWith(rows.size());
                }));
    }

    /**
     * The message of one stored event, with the AMQP properties of DESIGN.md and the W3C trace
     * context of a producer span that continues the trace the event was stored under.
     */
    private EventPublisher.Outgoing outgoing(Row row, List<Span> spans) {
        String eventType = row.getString("event_type");
        String eventId = row.getUUID("event_id").toString();
        String correlationId = row.getString("correlation_id");
        // The relay runs outside the request or handler that stored the event: continue that trace,
        // with a producer span that names the event; each consumer's receive span is its child.
        Span span = tracer.spanBuilder("outbox relay " + eventType)
                .setParent(TraceContexts.restore(row.getString("traceparent")))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("messaging.system", "rabbitmq")
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.destination.name", Topology.EXCHANGE)
                .setAttribute("messaging.rabbitmq.destination.routing_key", eventType)
                .setAttribute("messaging.message.id", eventId)
                .setAttribute("order.id", row.getString("aggregate_id"))
                .setAttribute("correlation.id", correlationId)
                .setAttribute("event.type", eventType)
                .setAttribute("event.id", eventId)
                .startSpan();
        spans.add(span);
        Map<String, Object> headers = new HashMap<>(2);
        propagator.inject(Context.root().with(span), headers, (carrier, key, value) -> carrier.put(key, value));
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .messageId(eventId)
                .correlationId(correlationId)
                .type(eventType)
                .contentType("application/json")
                .deliveryMode(2)
                .timestamp(Date.from(row.getOffsetDateTime("occurred_at").toInstant()))
                .headers(headers)
                .build();
        return new EventPublisher.Outgoing(
                eventType, properties, row.getString("envelope").getBytes(StandardCharsets.UTF_8));
    }
}
