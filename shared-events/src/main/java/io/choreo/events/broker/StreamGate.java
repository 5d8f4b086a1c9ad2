package io.choreo.events.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;

import io.choreo.events.Topology;

/**
 * Makes sure, on a publishing channel just opened, that what it publishes reaches the event
 * stream, before any event goes out on it.
 *
 * <p>Why: RabbitMQ 3.10 confirms a message routed to the stream that the stream never wrote when
 * it arrives while the broker starts, before the stream's writer is back (the channel takes the
 * stream as gone and confirms what it held for it). Every other queue has the message; the
 * stream, and so every reader of it, has a hole. Measured with publishes through the exchange
 * across {@code rabbitmqctl stop_app}/{@code start_app}: 50 to 2,500 confirmed messages missing
 * from the stream in two restarts of three, none from a classic queue bound beside it. A channel
 * opened after the stream is back writes to it.
 *
 * <p>How: a probe (routing key {@link Topology#STREAM_PROBE}, which only the stream's {@code #}
 * binding takes) is published on the channel and confirmed, while a consumer of the stream
 * attached at {@code next} waits for it; not seen within a second, another probe goes, until one
 * is seen or the time is up. Readers of the stream skip probes. A publisher opens a channel at
 * its start and after every failure, so a probe (a few milliseconds) is the cost of each.
 */
final class StreamGate {

    private static final Logger LOG = Logger.getLogger(StreamGate.class);

    private static final Duration SEEN_WITHIN = Duration.ofSeconds(1);
    private static final Duration PAUSE = Duration.ofMillis(250);

    private StreamGate() {}

    /**
     * Returns once a probe published on {@code channel} (in confirm mode) was seen in the stream;
     * throws when none was within {@code timeout}.
     */
    static void untilStreamTakes(Connection connection, Channel channel, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        int probes = 0;
        while (System.nanoTime() < deadline) {
            Channel watch = connection.createChannel();
            try {
                BlockingQueue<String> seen = new LinkedBlockingQueue<>();
                watch.basicQos(16);
                watch.basicConsume(
                        Topology.STREAM,
                        false,
                        Map.of("x-stream-offset", "next"),
                        (tag, delivery) -> {
                            seen.add(String.valueOf(delivery.getProperties().getMessageId()));
                            watch.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                        },
                        tag -> {});
                String id = UUID.randomUUID().toString();
                probes++;
                channel.basicPublish(
                        Topology.EXCHANGE,
                        Topology.STREAM_PROBE,
                        new AMQP.BasicProperties.Builder()
                                .messageId(id)
                                .contentType("text/plain")
                                .build(),
                        ("stream probe " + id).getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                long until = System.nanoTime() + SEEN_WITHIN.toNanos();
                for (String next; (next = seen.poll(until - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                    if (next.equals(id)) {
                        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                        if (probes > 1) {
                            LOG.infof("the stream took probe %d, %d ms after the channel opened", probes, millis);
                        }
                        return;
                    }
                }
                LOG.infof("probe %d confirmed but not in the stream: the stream is not back yet", probes);
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    throw e;
                }
                // The stream refused the consumer (not back yet): try again.
                LOG.debugf("stream probe %d: %s", probes, e.toString());
                Thread.sleep(PAUSE.toMillis());
            } finally {
                if (watch.isOpen()) {
                    try {
                        watch.close();
                    } catch (IOException | TimeoutException e) {
                        LOG.debugf("closing the probe's channel: %s", e.toString());
                    }
                }
            }
        }
        throw new TimeoutException("the stream took none of " + probes + " probe(s) within " + timeout);
    }
}
