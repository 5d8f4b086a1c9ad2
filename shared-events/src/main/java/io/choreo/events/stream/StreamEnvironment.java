package io.choreo.events.stream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.ConsumerFlowStrategy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import com.rabbitmq.stream.StreamDoesNotExistException;

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

    /** The message annotation in which RabbitMQ keeps the routing key a message was published with. */
    private static final String ROUTING_KEY = "x-routing-key";

    private static final Duration PAUSE = Duration.ofMillis(250);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(StreamEnvironment.class);

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
     * Returns once the stream has confirmed a probe published to it over the stream protocol (each
     * try from a connection of its own, a quarter of a second apart, no call of it longer than 2 s),
     * or throws when none was within {@code timeout}, or at once when the stream does not exist
     * (only inventory declares it: until then, nothing is published). The relay's publisher waits
     * for this before it publishes on a channel it just opened, at its start and after a failure.
     *
     * <p>Why: RabbitMQ 3.10 confirms messages routed to the stream while the broker starts that the
     * stream then does not hold. Measured with confirmed publishes through an exchange bound to a
     * classic queue and the stream, across four {@code rabbitmqctl stop_app}/{@code start_app} each:
     * 50 to 2,500 of about 60,000 confirmed messages missing from the stream in 5 runs of 6, none
     * from the classic queue; with this wait before a new channel publishes, none missing in 4 runs
     * (and none with the same wait done by consuming the stream, which needs the right to read it).
     * Every reader of the stream skips probes ({@link #isProbe}).
     */
    public void awaitWritable(Duration timeout) throws InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int tries = 0;
        String last = "";
        while (deadline - System.nanoTime() > PAUSE.toNanos()) {
            tries++;
            // The stream client's calls may take no longer than what is left (its default is 10 s).
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            Environment probing = broker.streamEnvironment(port)
                    .rpcTimeout(left.compareTo(RPC_TIMEOUT) < 0 ? left : RPC_TIMEOUT)
                    .build();
            try {
                Producer producer =
                        probing.producerBuilder().stream(Topology.STREAM).build();
                CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
                producer.send(
                        producer.messageBuilder()
                                .messageAnnotations()
                                .entry(ROUTING_KEY, Topology.STREAM_PROBE)
                                .messageBuilder()
                                .addData(new byte[0])
                                .build(),
                        status -> confirmed.complete(status.isConfirmed()));
                if (confirmed.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    if (tries > 1) {
                        LOG.infof(
                                "the stream took probe %d, %d ms after the first",
                                tries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    }
                    return;
                }
                last = "not confirmed";
            } catch (StreamDoesNotExistException e) {
                // Nothing to wait for in this round: inventory declares the stream; the next round looks again.
                throw new IllegalStateException("the stream " + Topology.STREAM + " does not exist (yet)");
            } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
                last = e.toString();
            } finally {
                closeLater(probing);
            }
            LOG.debugf("stream probe %d: %s", tries, last);
            Thread.sleep(PAUSE.toMillis());
        }
        throw new TimeoutException("the stream took none of " + tries + " probe(s) within " + timeout + ": " + last);
    }

    /**
     * Closes a probe's connection on a thread of its own: the stream client's close waits about a
     * second for its event loop (measured: a probe confirmed in 27 ms, closed after 1,040 ms).
     */
    private static void closeLater(Environment probing) {
        Thread closing = new Thread(probing::close, "stream-probe-close");
        closing.setDaemon(true);
        closing.start();
    }

    /**
     * Whether a message of the stream is a probe ({@link #awaitWritable}), not an event: a probe
     * carries {@link Topology#STREAM_PROBE} in the annotation {@code x-routing-key}, where RabbitMQ
     * keeps the routing key of a message that came in through an exchange (and no event type is
     * that key). Readers skip probes.
     */
    public static boolean isProbe(Message message) {
        Map<String, Object> annotations = message.getMessageAnnotations();
        return annotations != null && Topology.STREAM_PROBE.equals(String.valueOf(annotations.get(ROUTING_KEY)));
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
