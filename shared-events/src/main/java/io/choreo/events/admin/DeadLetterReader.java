package io.choreo.events.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import io.choreo.events.Topology;
import io.choreo.events.http.ProblemException;

/**
 * One admin's read of a service's dead-letter queue, on a connection of its own that lives only
 * for the call. Readers take turns: each first declares the service's exclusive reader-lock
 * queue ({@link Topology#deadLetterReaderLock}), which the broker lets only one connection hold,
 * across replicas too; so two admins never see each other's taken letters missing. Whatever is
 * taken and not acknowledged is returned when the reader closes (the broker requeues every
 * unacknowledged message of a closed connection), so no letter stays held, whatever failed.
 */
final class DeadLetterReader implements AutoCloseable {

    private static final Duration LOCK_RETRY = Duration.ofMillis(50);
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final Connection connection;
    private final String queue;
    private final Channel channel;

    private DeadLetterReader(Connection connection, String queue, Channel channel) {
        this.connection = connection;
        this.queue = queue;
        this.channel = channel;
    }

    /** Opens a reader of {@code service}'s DLQ once no other reader holds it, waiting at most {@code lockWait}. */
    static DeadLetterReader open(ConnectionFactory factory, String service, Duration lockWait)
            throws IOException, TimeoutException, InterruptedException {
        Connection connection = factory.newConnection("dlq-reader");
        try {
            long giveUp = System.nanoTime() + lockWait.toNanos();
            while (true) {
                Channel channel = connection.createChannel();
                try {
                    channel.queueDeclare(Topology.deadLetterReaderLock(service), false, true, true, null);
                    channel.confirmSelect();
                    return new DeadLetterReader(connection, Topology.deadLetterQueue(service), channel);
                } catch (IOException locked) {
                    // RESOURCE_LOCKED: another reader holds it (the broker closed this channel)
                    if (System.nanoTime() > giveUp) {
                        throw new ProblemException(
                                503,
                                "Service Unavailable",
                                "another admin is reading the dead letters; try again",
                                null);
                    }
                    Thread.sleep(LOCK_RETRY.toMillis());
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** How many letters wait (ready) in the queue. */
    long depth() throws IOException {
        return channel.messageCount(queue);
    }

    /** Up to {@code limit} letters from the head of the queue, then every one put back at once. */
    List<GetResponse> peek(int limit) throws IOException {
        List<GetResponse> seen = take(limit);
        if (!seen.isEmpty()) {
            channel.basicNack(seen.get(seen.size() - 1).getEnvelope().getDeliveryTag(), true, true);
        }
        return seen;
    }

    /** Takes up to {@code limit} letters unacknowledged: the caller replays or keeps each; the rest return on close. */
    List<GetResponse> take(int limit) throws IOException {
        List<GetResponse> taken = new ArrayList<>();
        GetResponse letter;
        while (taken.size() < limit && (letter = channel.basicGet(queue, false)) != null) {
            taken.add(letter);
        }
        return taken;
    }

    /** Publishes {@code letter} into {@code target} with {@code properties}, then, once confirmed, removes it from the DLQ. */
    void moveTo(String target, GetResponse letter, AMQP.BasicProperties properties)
            throws IOException, InterruptedException, TimeoutException {
        channel.basicPublish("", target, properties, letter.getBody());
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        channel.basicAck(letter.getEnvelope().getDeliveryTag(), false);
    }

    /** Puts back a taken letter. */
    void keep(GetResponse letter) throws IOException {
        channel.basicNack(letter.getEnvelope().getDeliveryTag(), false, true);
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing anyway: the broker requeues what was held and drops the lock
        }
    }
}
