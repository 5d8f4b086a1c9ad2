package io.choreo.events.consume;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the {@link Inbox} from growing without end: ids of events handled longer ago than
 * {@code choreo.inbox.retention} (default 7 days) are deleted, in batches, by a scheduled job.
 * The window must outlast every redelivery of an event (the whole retry schedule, and a message
 * held through an outage), or a late copy would find no id and take effect twice: a shorter one
 * is refused at startup. The event store is never deleted.
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);

    /** One batch: the oldest ids past the window, locked so that two replicas never delete the same rows. */
    private static final String DELETE_BATCH = """
            DELETE FROM processed_event WHERE event_id IN (
                SELECT event_id FROM processed_event
                WHERE processed_at < now() - make_interval(secs => $1)
                ORDER BY processed_at
                LIMIT $2
                FOR UPDATE SKIP LOCKED)
            """;

    @Inject
    Pool pool;

    @Inject
    Redelivery redelivery;

    @Inject
    EventConsumer consumer;

    @ConfigProperty(name = "choreo.inbox.retention", defaultValue = "P7D")
    Duration retention;

    @ConfigProperty(name = "choreo.inbox.purge-batch-size", defaultValue = "1000")
    int batchSize;

    void refuseAWindowShorterThanRedelivery(@Observes StartupEvent started) {
        check(
                retention,
                redelivery.schedule().delays(),
                consumer.outageBackoff().holdAtMost());
    }

    /** Refuses a window that an event's redelivery can outlast: all retry delays plus one outage hold. */
    static void check(Duration retention, List<Duration> retryDelays, Duration outageHold) {
        Duration redeliveredWithin = retryDelays.stream().reduce(outageHold, Duration::plus);
        if (retention.compareTo(redeliveredWithin) <= 0) {
            throw new IllegalStateException("choreo.inbox.retention=" + retention
                    + " is not longer than an event can be redelivered (" + redeliveredWithin
                    + ": the retry delays plus choreo.outage.hold-at-most); a late copy would take effect twice");
        }
    }

    @Scheduled(
            every = "${choreo.inbox.purge-every:1h}",
            delayed = "${choreo.inbox.purge-every:1h}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduledPurge() {
        return purge(batchSize)
                .invoke(deleted -> {
                    if (deleted > 0) {
                        LOG.infof("inbox: deleted %d ids handled more than %s ago", deleted, retention);
                    }
                })
                .onFailure()
                .invoke(failure -> LOG.warnf("inbox purge failed, next round tries again: %s", failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes every id older than the window, {@code batch} rows per statement (short transactions); how many went. */
    public Uni<Long> purge(int batch) {
        return deleteBatch(batch)
                .chain(deleted -> deleted < batch
                        ? Uni.createFrom().item((long) deleted)
                        : purge(batch).map(more -> deleted + more));
    }

    private Uni<Integer> deleteBatch(int batch) {
        double seconds = retention.toMillis() / 1000.0;
        return pool.preparedQuery(DELETE_BATCH)
                .execute(Tuple.of(seconds, batch))
                .map(rows -> rows.rowCount());
    }
}
