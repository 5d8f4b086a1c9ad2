package io.choreo.inventory.stream;

import java.time.Instant;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.OffsetSpecification;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.PoisonEventException;
import io.choreo.events.stream.StreamEnvironment;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * Each order as it is decided, for GET /orders/live: every replica tails the stream from its end
 * (a stream gives its messages to every reader, so this takes nothing from the statistics
 * reader, which may be active on another replica). Opened when the first watcher connects.
 */
@ApplicationScoped
public class LiveFeed {

    private static final Logger LOG = Logger.getLogger(LiveFeed.class);

    public record Decided(String orderId, String status, String reason, Instant occurredAt) {}

    @Inject
    StreamEnvironment streams;

    @Inject
    EventCodec codec;

    private final BroadcastProcessor<Decided> decided = BroadcastProcessor.create();

    private Consumer tail;

    public Multi<Decided> decided() {
        open();
        return decided;
    }

    private synchronized void open() {
        if (tail != null) {
            return;
        }
        tail = streams.consume(OffsetSpecification.next(), (context, message) -> {
            if (StreamEnvironment.isProbe(message)) {
                context.processed();
                return;
            }
            try {
                EventEnvelope event = codec.decode(message.getBodyAsBinary());
                String status = StatisticsProjection.DECISIONS.get(event.eventType());
                if (status != null) {
                    String reason = event.payload().path("reason").isTextual()
                            ? event.payload().path("reason").asText()
                            : null;
                    decided.onNext(new Decided(event.aggregateId(), status, reason, event.occurredAt()));
                }
            } catch (PoisonEventException e) {
                LOG.debugf("live feed skips offset %d: %s", context.offset(), e.getMessage());
            } finally {
                context.processed();
            }
        });
    }

    @PreDestroy
    synchronized void close() {
        if (tail != null) {
            tail.close();
            tail = null;
        }
    }
}
