package io.choreo.events.broker;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.choreo.events.Topology;
import io.choreo.events.consume.Redelivery;
import io.choreo.events.consume.RetrySchedule;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;

/**
 * Declares the broker topology of {@link Topology} before the messaging channels start: the
 * exchange, and this service's queue, dead-letter queue, bindings and retry queues; bindings an
 * older release made and this one retired ({@link Topology#RETIRED_BINDINGS}) are removed. A service's
 * broker user may configure only its own queues (least privilege), so the queues of the others
 * are declared beforehand by whoever sets the broker up (the definitions of docker compose and
 * Kubernetes), so that an event published before its consumer ever ran waits in that consumer's
 * queue instead of being dropped as unroutable. With {@code choreo.topology.declare-all=true}
 * (the tests, whose user may do anything in its own vhost) it declares every service's queues
 * itself. Declaring is idempotent; the arguments never change (a durable queue's arguments cannot).
 */
@ApplicationScoped
public class TopologyDeclarer {

    private static final Logger LOG = Logger.getLogger(TopologyDeclarer.class);

    @Inject
    Vertx vertx;

    @Inject
    BrokerSettings broker;

    @Inject
    Redelivery redelivery;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    @ConfigProperty(name = "choreo.topology.declare-timeout", defaultValue = "PT60S")
    Duration timeout;

    @ConfigProperty(name = "choreo.topology.declare-all", defaultValue = "false")
    boolean declareAll;

    /** Retention of the stream: by age ({@code 7D}, {@code 12h}: RabbitMQ's x-max-age units Y M D h m s). */
    @ConfigProperty(name = "choreo.stream.max-age", defaultValue = "7D")
    String streamMaxAge;

    /** Retention of the stream: by size on disk. */
    @ConfigProperty(name = "choreo.stream.max-length-bytes", defaultValue = "1000000000")
    long streamMaxBytes;

    /** Runs before messaging wires its channels (priority 1000); may run again at any time (it is idempotent). */
    public void declare(@Observes @Priority(500) StartupEvent event) {
        RabbitMQOptions options = broker.options().setReconnectAttempts(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            RabbitMQClient client = RabbitMQClient.create(vertx, options);
            try {
                client.startAndAwait();
                List<String> services = declareAll ? List.copyOf(Topology.BINDINGS.keySet()) : List.of(service);
                declare(client, services);
                // Only inventory reads the stream (and only its broker user may declare it).
                if (declareAll || service.equals(Topology.INVENTORY)) {
                    declareStream(client);
                }
                declareRetryQueues(client);
                LOG.infof("declared the %s exchange and the queues of %s", Topology.EXCHANGE, services);
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cannot declare the broker topology on " + broker.describe(), e);
                }
                LOG.warnf("broker not ready to declare the topology (%s); retrying", e.toString());
                sleep();
            } finally {
                try {
                    client.stopAndAwait();
                } catch (RuntimeException ignored) {
                    // already closed
                }
            }
        }
    }

    private static void declare(RabbitMQClient client, List<String> services) {
        client.exchangeDeclareAndAwait(Topology.EXCHANGE, "topic", true, false);
        for (String service : services) {
            String queue = Topology.queue(service);
            String dlq = Topology.deadLetterQueue(service);
            client.queueDeclareAndAwait(dlq, true, false, false, quorum());
            // A rejected message goes through the default exchange straight to the DLQ.
            client.queueDeclareAndAwait(
                    queue,
                    true,
                    false,
                    false,
                    quorum().put("x-dead-letter-exchange", "").put("x-dead-letter-routing-key", dlq));
            for (String routingKey : Topology.BINDINGS.get(service)) {
                client.queueBindAndAwait(queue, Topology.EXCHANGE, routingKey);
            }
            // Unbinding what is not bound is no error: a broker of this release has nothing to remove.
            for (String routingKey : Topology.RETIRED_BINDINGS.getOrDefault(service, List.of())) {
                client.queueUnbindAndAwait(queue, Topology.EXCHANGE, routingKey);
            }
        }
    }

    /**
     * The stream of every event: a queue of type {@code stream} bound with {@code #}. Its
     * retention is an argument: changing it on a declared stream takes a policy
     * ({@code rabbitmqctl set_policy}), a redeclaration with other values is refused.
     */
    private void declareStream(RabbitMQClient client) {
        client.queueDeclareAndAwait(
                Topology.STREAM,
                true,
                false,
                false,
                new JsonObject()
                        .put("x-queue-type", "stream")
                        .put("x-max-age", streamMaxAge)
                        .put("x-max-length-bytes", streamMaxBytes));
        client.queueBindAndAwait(Topology.STREAM, Topology.EXCHANGE, "#");
    }

    /**
     * This service's retry queues, one per delay: a message waits there until its TTL ends, then
     * is dead-lettered (at least once) back into the service's queue.
     */
    private void declareRetryQueues(RabbitMQClient client) {
        for (Duration delay : redelivery.schedule().delays()) {
            client.queueDeclareAndAwait(
                    RetrySchedule.queue(service, delay),
                    true,
                    false,
                    false,
                    quorum().put("x-message-ttl", delay.toMillis())
                            .put("x-dead-letter-exchange", "")
                            .put("x-dead-letter-routing-key", Topology.queue(service))
                            .put("x-dead-letter-strategy", "at-least-once")
                            .put("x-overflow", "reject-publish"));
        }
    }

    private static JsonObject quorum() {
        return new JsonObject().put("x-queue-type", "quorum");
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
