package io.choreo.events.broker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.choreo.events.stream.StreamEnvironment;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;

/**
 * Publishes a batch of messages to an exchange and waits once for the broker to confirm all of
 * them: the outbox relay's way out. One connection and one channel in confirm mode per replica,
 * used from one thread of its own (the RabbitMQ Java client blocks while it waits), opened on
 * first use and opened again after any failure, and used only once the event stream has confirmed
 * a probe ({@link StreamEnvironment#awaitWritable}: RabbitMQ 3.10 may confirm, and the stream miss,
 * what is published while the broker starts). A batch that is not confirmed as a whole fails,
 * and its messages are published again later: at least once, never lost.
 */
@ApplicationScoped
public class EventPublisher {

    private static final Logger LOG = Logger.getLogger(EventPublisher.class);

    /** One message to publish: its routing key, properties and body. */
    public record Outgoing(String routingKey, AMQP.BasicProperties properties, byte[] body) {}

    @Inject
    BrokerSettings settings;

    @Inject
    StreamEnvironment streams;

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "choreo-event-publisher");
        t.setDaemon(true);
        return t;
    });

    private volatile Connection connection;
    private volatile Channel channel;

    /**
     * Publishes {@code messages} to {@code exchange} and completes when the broker confirmed every
     * one. Not done within {@code timeout} (a broker that blocks publishers under a resource alarm
     * blocks {@code basicPublish} itself), it fails, and the connection is aborted, which frees the
     * publishing thread (a wait for the stream on a new channel ends by its own deadline, within
     * the same {@code timeout}); the next round opens a new one.
     */
    public Uni<Void> publish(String exchange, List<Outgoing> messages, Duration timeout) {
        return Uni.createFrom()
                .completionStage(() -> java.util.concurrent.CompletableFuture.runAsync(
                        () -> publishBlocking(exchange, messages, timeout), thread))
                .ifNoItem()
                .after(timeout.plusSeconds(1))
                .failWith(() -> {
                    abort();
                    return new BrokerUnavailableException(
                            "publishing " + messages.size() + " message(s) took longer than " + timeout, null);
                });
    }

    /** Closes the connection from any thread, without waiting: a publish blocked on it fails. */
    private void abort() {
        Connection open = connection;
        if (open != null) {
            open.abort(1000);
        }
    }

    private void publishBlocking(String exchange, List<Outgoing> messages, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Channel open = channel(deadline);
            for (Outgoing message : messages) {
                open.basicPublish(exchange, message.routingKey(), message.properties(), message.body());
            }
            open.waitForConfirmsOrDie(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new BrokerUnavailableException("publishing " + messages.size() + " message(s) interrupted", e);
        } catch (Exception e) {
            close();
            throw new BrokerUnavailableException("publishing " + messages.size() + " message(s) failed: " + e, e);
        }
    }

    /** The open channel, or a new one once the stream takes what is published to it ({@link StreamEnvironment#awaitWritable}). */
    private Channel channel(long deadline) throws Exception {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        close();
        connection = settings.connectionFactory().newConnection("outbox-relay");
        Channel fresh = connection.createChannel();
        fresh.confirmSelect();
        streams.awaitWritable(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        channel = fresh;
        return channel;
    }

    private void close() {
        try {
            if (connection != null && connection.isOpen()) {
                connection.close(1000);
            }
        } catch (Exception e) {
            LOG.debugf("closing the publisher's connection: %s", e.toString());
        }
        connection = null;
        channel = null;
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        thread.submit(this::close);
        thread.shutdown();
        thread.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The broker could not take or confirm a batch; its messages stay unpublished for the next round. */
    public static final class BrokerUnavailableException extends RuntimeException {
        BrokerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
