package io.choreo.events.stream;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.ConsumerFlowStrategy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.OffsetSpecification;

import io.choreo.events.Topology;
import io.choreo.events.broker.BrokerSettings;

/**
 * The service's connection to {@link Topology#STREAM} over the stream protocol, opened when
 * first used. Consumers it builds track no offset on the broker (each reader keeps its own in
 * its database) and take new messages only as fast as they are processed.
 */
@ApplicationScoped
public class StreamEnvironment {

    @Inject
    BrokerSettings broker;

    @ConfigProperty(name = "choreo.stream.port", defaultValue = "5552")
    int port;

    private Environment environment;

    private final AtomicLong lastOffset = new AtomicLong(-1);
    private final AtomicLong lastOffsetAt = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(2));
    private final AtomicBoolean probing = new AtomicBoolean();

    synchronized Environment environment() {
        if (environment == null) {
            environment = broker.streamEnvironment(port).build();
        }
        return environment;
    }

    /**
     * A consumer of the stream from {@code from}. Credit for more messages is given as the
     * handler's messages are marked processed ({@link MessageHandler.Context#processed()}).
     */
    public Consumer consume(OffsetSpecification from, MessageHandler handler) {
        return environment().consumerBuilder().stream(Topology.STREAM)
                .offset(from)
                .noTrackingStrategy()
                .flow()
                .strategy(ConsumerFlowStrategy.creditWhenHalfMessagesProcessed(1))
                .builder()
                .messageHandler(handler)
                .build();
    }

    /**
     * Whether a message of the stream is the relay's probe, not an event: RabbitMQ keeps the routing
     * key a message came in with as the annotation {@code x-routing-key}, and no event type is
     * {@link Topology#STREAM_PROBE}. Readers skip probes.
     */
    public static boolean isProbe(Message message) {
        Map<String, Object> annotations = message.getMessageAnnotations();
        return annotations != null && Topology.STREAM_PROBE.equals(String.valueOf(annotations.get("x-routing-key")));
    }

    /**
     * The offset of the last message in the stream (-1 when it is empty, or not known yet), at most
     * about a second old: a stale value starts a refresh in the background and is answered at
     * once, so no caller waits on the broker. RabbitMQ 3.10 has no query for it (queryStreamStats
     * needs 3.11): a consumer attached at {@link OffsetSpecification#last()} receives the last
     * chunk, and the highest offset in it is the last one.
     */
    public long lastOffset() {
        if (System.nanoTime() - lastOffsetAt.get() > TimeUnit.SECONDS.toNanos(1)
                && probing.compareAndSet(false, true)) {
            Thread refresh = new Thread(this::probe, "stream-last-offset");
            refresh.setDaemon(true);
            refresh.start();
        }
        return lastOffset.get();
    }

    private void probe() {
        try {
            AtomicLong highest = new AtomicLong(-1);
            CountDownLatch first = new CountDownLatch(1);
            Consumer probe = environment().consumerBuilder().stream(Topology.STREAM)
                    .offset(OffsetSpecification.last())
                    .noTrackingStrategy()
                    .messageHandler((context, message) -> {
                        highest.accumulateAndGet(context.offset(), Math::max);
                        first.countDown();
                    })
                    .build();
            try {
                // An empty stream sends nothing; a chunk comes in one piece, so a moment after its first
                // message its last one is in too.
                if (first.await(500, TimeUnit.MILLISECONDS)) {
                    Thread.sleep(50);
                }
            } finally {
                probe.close();
            }
            lastOffset.set(highest.get());
            lastOffsetAt.set(System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the broker is away: the last known value stands, and the next caller tries again
        } finally {
            probing.set(false);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (environment != null) {
            environment.close();
            environment = null;
        }
    }
}
