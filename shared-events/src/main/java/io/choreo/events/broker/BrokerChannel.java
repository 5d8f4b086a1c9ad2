package io.choreo.events.broker;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.rabbitmq.client.BasicProperties;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;

/**
 * The service's own channel to the broker, beside the connector's: it publishes straight to a
 * queue (retry and dead-letter copies) with publisher confirms, and counts what waits in a
 * queue for the metrics. It reconnects by itself after the broker comes back.
 */
@ApplicationScoped
public class BrokerChannel {

    private static final Logger LOG = Logger.getLogger(BrokerChannel.class);
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    @Inject
    BrokerSettings settings;

    private RabbitMQClient client;
    private Uni<RabbitMQClient> starting;

    /** The open client, or one being opened (one at a time; a failed start is tried again on the next call). */
    private synchronized Uni<RabbitMQClient> client() {
        if (client != null && client.isConnected() && client.isOpenChannel()) {
            return Uni.createFrom().item(client);
        }
        if (starting == null) {
            RabbitMQClient fresh =
                    RabbitMQClient.create(vertx, settings.options().setReconnectAttempts(0));
            starting = fresh.start()
                    .chain(fresh::confirmSelect)
                    .replaceWith(fresh)
                    .invoke(opened -> opened(opened))
                    .onFailure()
                    .invoke(failure -> failed(fresh, failure))
                    .memoize()
                    .indefinitely();
        }
        return starting;
    }

    private synchronized void opened(RabbitMQClient opened) {
        RabbitMQClient old = client;
        client = opened;
        starting = null;
        if (old != null && old != opened) {
            old.stop().subscribe().with(ok -> {}, failure -> {});
        }
    }

    private synchronized void failed(RabbitMQClient fresh, Throwable failure) {
        starting = null;
        LOG.warnf("broker channel not open: %s", failure.toString());
        fresh.stop().subscribe().with(ok -> {}, ignored -> {});
    }

    /** Publishes through the default exchange straight into {@code queue}, and waits for the broker's confirm. */
    public Uni<Void> publishToQueue(String queue, BasicProperties properties, byte[] body) {
        return client().chain(c -> c.basicPublish("", queue, properties, Buffer.buffer(body))
                .chain(() -> c.waitForConfirms(CONFIRM_TIMEOUT.toMillis())));
    }

    /** How many messages wait in {@code queue} (ready, not yet delivered). */
    public Uni<Long> messageCount(String queue) {
        return client().chain(c -> c.messageCount(queue));
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.stop().subscribe().with(ok -> {}, failure -> {});
        }
    }
}
