package io.choreo.events.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.OffsetSpecification;

import io.choreo.events.EventCodec;
import io.choreo.events.PoisonEventException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Feeds one {@link StreamReadModel} from the stream, on its own thread.
 *
 * <p>Only one reader per model is active among all the service's replicas: a reader first takes
 * a PostgreSQL session advisory lock named after its model on a connection it then keeps, and
 * writes every batch through that very connection. While another replica holds the lock, it
 * tries again every few seconds; when the holder dies, its session ends, the lock is free and a
 * waiting replica takes over. (RabbitMQ's single active consumer on streams needs 3.11.)
 *
 * <p>Exactly once, by the transaction: the rows of a batch and the offset of its last event
 * commit together in {@code stream_offset}; after a crash or a lost connection the reader starts
 * again from the stored offset + 1, so an event whose batch rolled back is read again and one
 * whose batch committed is not. Events at or below the stored offset are dropped should the
 * stream deliver them (it delivers whole chunks).
 */
final class StreamReader implements Runnable {

    private static final Logger LOG = Logger.getLogger(StreamReader.class);

    /** The first key of the reader locks (the second is the hash of the model's name). */
    static final int LOCK_SPACE = 0x5354524d;

    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final StreamReadModel model;
    private final StreamEnvironment streams;
    private final Pool pool;
    private final EventCodec codec;
    private final int batchSize;
    private final Duration linger;
    private volatile boolean running = true;
    private volatile boolean active;
    private volatile Thread thread;

    StreamReader(
            StreamReadModel model,
            StreamEnvironment streams,
            Pool pool,
            EventCodec codec,
            int batchSize,
            Duration linger) {
        this.model = model;
        this.streams = streams;
        this.pool = pool;
        this.codec = codec;
        this.batchSize = batchSize;
        this.linger = linger;
    }

    String name() {
        return model.name();
    }

    /** Whether this replica's reader holds its model's lock and reads. */
    boolean active() {
        return active;
    }

    void start() {
        running = true;
        thread = new Thread(this, "stream-reader-" + model.name());
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops reading; the batch in progress is rolled back or committed, never half written. */
    void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                lead();
            } catch (RuntimeException | LinkageError e) {
                if (running) {
                    LOG.warnf("stream reader %s stopped (%s); starting again from its stored offset", name(), e);
                }
            }
            pause(RETRY);
        }
    }

    /** Takes the lock if free, then reads until stopped or something fails. */
    private void lead() {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        try {
            boolean leader = connection
                    .preparedQuery("SELECT pg_try_advisory_lock($1, hashtext($2))")
                    .execute(Tuple.of(LOCK_SPACE, name()))
                    .await()
                    .atMost(WAIT)
                    .iterator()
                    .next()
                    .getBoolean(0);
            if (!leader) {
                return;
            }
            try {
                active = true;
                read(connection);
            } finally {
                active = false;
                connection
                        .preparedQuery("SELECT pg_advisory_unlock($1, hashtext($2))")
                        .execute(Tuple.of(LOCK_SPACE, name()))
                        .await()
                        .atMost(WAIT);
            }
        } finally {
            connection.close().await().atMost(WAIT);
        }
    }

    /** A message taken from the stream: its body, or null for a probe ({@link StreamEnvironment#isProbe}). */
    private record Delivery(MessageHandler.Context context, byte[] body) {}

    private void read(SqlConnection connection) {
        long stored = StreamOffsets.stored(connection, name()).await().atMost(WAIT);
        BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
        Consumer consumer = streams.consume(
                stored < 0 ? OffsetSpecification.first() : OffsetSpecification.offset(stored + 1),
                (context, message) -> deliveries.add(
                        new Delivery(context, StreamEnvironment.isProbe(message) ? null : message.getBodyAsBinary())));
        LOG.infof("stream reader %s active, from offset %d", name(), stored + 1);
        try {
            long idleSince = System.nanoTime();
            while (running) {
                List<Delivery> batch = take(deliveries);
                if (batch.isEmpty()) {
                    if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(5)) {
                        // The lock lives as long as this connection: find out when it is gone.
                        connection.query("SELECT 1").execute().await().atMost(WAIT);
                        idleSince = System.nanoTime();
                    }
                    continue;
                }
                stored = commit(connection, batch, stored);
                idleSince = System.nanoTime();
            }
        } finally {
            consumer.close();
        }
    }

    /**
     * Up to a batch of deliveries: nothing when none comes within 200 ms; else the first and what
     * follows it within the linger (under load, one transaction for many events, not one for each).
     * Each is marked processed as it is taken, which is what gives the stream client credit for the
     * next chunk while the batch lingers: the offsets that count are the ones the batch commits,
     * and what this reader holds is at most a batch and the chunks of its credit.
     */
    private List<Delivery> take(BlockingQueue<Delivery> deliveries) {
        List<Delivery> batch = new ArrayList<>();
        try {
            Delivery first = deliveries.poll(200, TimeUnit.MILLISECONDS);
            if (first == null) {
                return batch;
            }
            batch.add(first);
            first.context().processed();
            long until = System.nanoTime() + linger.toNanos();
            while (batch.size() < batchSize) {
                int taken = batch.size();
                deliveries.drainTo(batch, batchSize - batch.size());
                batch.subList(taken, batch.size()).forEach(d -> d.context().processed());
                long left = until - System.nanoTime();
                if (batch.size() >= batchSize || left <= 0) {
                    break;
                }
                Delivery next = deliveries.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    break;
                }
                batch.add(next);
                next.context().processed();
            }
        } catch (InterruptedException e) {
            // stop() interrupts: the loop ends, as running is false; what was taken is still written
        }
        return batch;
    }

    /** Writes the batch and its last offset in one transaction; returns the offset now stored. */
    private long commit(SqlConnection connection, List<Delivery> batch, long stored) {
        List<StreamRecord> records = new ArrayList<>();
        long last = stored;
        for (Delivery delivery : batch) {
            long offset = delivery.context().offset();
            if (offset <= last) {
                continue;
            }
            last = offset;
            if (delivery.body() == null) {
                continue;
            }
            try {
                records.add(new StreamRecord(offset, codec.decode(delivery.body())));
            } catch (PoisonEventException e) {
                // Nothing to dead-letter a stream message to: it stays in the stream, and is skipped.
                LOG.warnf("stream reader %s skips offset %d: %s", name(), offset, e.getMessage());
            }
        }
        if (last == stored) {
            return stored;
        }
        long upTo = last;
        Transaction transaction = connection.begin().await().atMost(WAIT);
        try {
            model.apply(connection, records)
                    .chain(() -> StreamOffsets.store(connection, name(), upTo))
                    .await()
                    .atMost(WAIT);
            transaction.commit().await().atMost(WAIT);
        } catch (RuntimeException e) {
            try {
                transaction.rollback().await().atMost(WAIT);
            } catch (RuntimeException ignored) {
                // the connection is gone: so is the transaction
            }
            throw e;
        }
        return upTo;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
