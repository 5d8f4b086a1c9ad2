package io.choreo.events.consume;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import com.rabbitmq.client.AMQP;

import io.choreo.events.Topology;
import io.choreo.events.broker.BrokerChannel;
import io.choreo.events.telemetry.EventMetrics;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.rabbitmq.IncomingRabbitMQMetadata;
import io.smallrye.reactive.messaging.rabbitmq.RabbitMQRejectMetadata;

/**
 * What happens to a message whose handling failed. A failure that may pass is tried again later:
 * a copy goes to the retry queue of the next delay of the {@link RetrySchedule} (the broker holds
 * it, no thread waits) and comes back into the service's queue when its TTL ends. A poison
 * message, or one that failed its last attempt, goes to the service's dead-letter queue with
 * headers that say why and how often ({@link DeadLetterHeaders}). The original is acknowledged
 * only once the broker confirmed the copy; if the copy cannot be made, the original returns to
 * the queue. Nothing is dropped.
 */
@ApplicationScoped
public class Redelivery {

    private static final Logger LOG = Logger.getLogger(Redelivery.class);

    @Inject
    BrokerChannel broker;

    @Inject
    EventMetrics metrics;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @ConfigProperty(name = "choreo.retry.delays", defaultValue = "PT1S,PT5S,PT25S")
    List<Duration> delays;

    @ConfigProperty(name = "choreo.retry.jitter", defaultValue = "0.2")
    double jitter;

    public RetrySchedule schedule() {
        return new RetrySchedule(delays, jitter);
    }

    /** The handling of {@code message} failed with {@code failure}: try again after the next delay, or dead-letter it after the last. */
    public Uni<Void> retryLater(Message<?> message, Throwable failure) {
        return moveAside(message, failure, false);
    }

    /** {@code message} can never be handled (not an envelope, an unknown type or version): dead-letter it at once. */
    public Uni<Void> deadLetterPoison(Message<?> message, Throwable failure) {
        return moveAside(message, failure, true);
    }

    /**
     * {@code message} was held through an outage for as long as a message may be held
     * unacknowledged: a copy with its attempt unchanged goes to the back of the service's queue
     * (the broker would otherwise close the channel at its consumer timeout), and the original
     * is acknowledged once the copy is confirmed. Its tries are not spent.
     */
    public Uni<Void> putBack(Message<?> message, Throwable outage) {
        IncomingRabbitMQMetadata incoming =
                message.getMetadata(IncomingRabbitMQMetadata.class).orElse(null);
        Map<String, Object> headers = new HashMap<>();
        if (incoming != null && incoming.getHeaders() != null) {
            incoming.getHeaders()
                    .forEach((k, v) -> headers.put(k, v == null ? null : v instanceof Number ? v : v.toString()));
        }
        String type = incoming == null ? "unknown" : incoming.getType().orElse("unknown");
        LOG.warnf("%s waited through an outage (%s) as long as it may; back to the queue, tries unspent", type, outage);
        AMQP.BasicProperties.Builder props = properties(incoming).headers(headers);
        return broker.publishToQueue(Topology.queue(service), props.build(), MessageBodies.bytes(message.getPayload()))
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure()
                .recoverWithUni(copyFailed -> Uni.createFrom()
                        .completionStage(message.nack(outage, Metadata.of(new RabbitMQRejectMetadata(true)))));
    }

    private Uni<Void> moveAside(Message<?> message, Throwable failure, boolean poison) {
        IncomingRabbitMQMetadata incoming =
                message.getMetadata(IncomingRabbitMQMetadata.class).orElse(null);
        Map<String, Object> headers = new HashMap<>();
        if (incoming != null && incoming.getHeaders() != null) {
            incoming.getHeaders()
                    .forEach((k, v) -> headers.put(k, v == null ? null : v instanceof Number ? v : v.toString()));
        }
        int attempt = attempt(headers);
        String type = incoming == null ? "unknown" : incoming.getType().orElse("unknown");
        String error = shorten(failure);
        String now = Instant.now().toString();
        headers.putIfAbsent(DeadLetterHeaders.FIRST_FAILED_AT, now);
        headers.put(DeadLetterHeaders.LAST_ERROR, error);
        RetrySchedule schedule = schedule();
        Optional<Duration> delay = poison ? Optional.empty() : schedule.delayAfter(attempt);

        AMQP.BasicProperties.Builder props = properties(incoming);
        String queue;
        if (delay.isPresent()) {
            headers.put(DeadLetterHeaders.ATTEMPT, attempt + 1);
            props.expiration(Long.toString(schedule.jitteredMillis(delay.get())));
            queue = RetrySchedule.queue(service, delay.get());
            LOG.warnf("%s attempt %d failed (%s); trying again in about %s", type, attempt, error, delay.get());
        } else {
            headers.put(
                    DeadLetterHeaders.REASON,
                    poison ? "poison: " + error : "failed " + attempt + " attempts: " + error);
            headers.put(DeadLetterHeaders.ATTEMPTS, attempt);
            headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, now);
            queue = Topology.deadLetterQueue(service);
            LOG.errorf("dead-lettering %s after %d attempt(s): %s", type, attempt, error);
        }
        props.headers(headers);
        return broker.publishToQueue(queue, props.build(), MessageBodies.bytes(message.getPayload()))
                .invoke(() -> {
                    if (delay.isPresent()) {
                        metrics.retried(type);
                    } else {
                        metrics.failed(type, poison ? "poison" : "error");
                    }
                })
                .chain(() -> Uni.createFrom().completionStage(message.ack()))
                .onFailure()
                .recoverWithUni(copyFailed -> {
                    LOG.warnf(
                            "could not move a failed %s aside (%s); it goes back to the queue",
                            type, copyFailed.toString());
                    return Uni.createFrom()
                            .completionStage(message.nack(failure, Metadata.of(new RabbitMQRejectMetadata(true))));
                });
    }

    static int attempt(Map<String, Object> headers) {
        Object value = headers.get(DeadLetterHeaders.ATTEMPT);
        try {
            return value == null ? 1 : Integer.parseInt(value.toString());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static AMQP.BasicProperties.Builder properties(IncomingRabbitMQMetadata incoming) {
        AMQP.BasicProperties.Builder props = new AMQP.BasicProperties.Builder().deliveryMode(2);
        if (incoming != null) {
            incoming.getMessageId().ifPresent(props::messageId);
            incoming.getCorrelationId().ifPresent(props::correlationId);
            incoming.getType().ifPresent(props::type);
            incoming.getContentType().ifPresent(props::contentType);
        }
        return props;
    }

    private static String shorten(Throwable failure) {
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
