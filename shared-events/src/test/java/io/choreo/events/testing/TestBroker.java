package io.choreo.events.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.Topology;

/**
 * The real broker as a test sees it: publish an event (or any bytes) to the exchange as another
 * service would, and read or empty queues. Connects with the running application's settings.
 */
public final class TestBroker implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final EventCodec codec = new EventCodec();

    private TestBroker(Connection connection) throws Exception {
        this.connection = connection;
        this.channel = connection.createChannel();
        this.channel.confirmSelect();
    }

    /** A client on the broker and virtual host the application under test uses. */
    public static TestBroker connect() {
        Config config = ConfigProvider.getConfig();
        return connect(
                config.getValue("rabbitmq-host", String.class),
                config.getValue("rabbitmq-port", Integer.class),
                config.getValue("rabbitmq-username", String.class),
                config.getValue("rabbitmq-password", String.class),
                config.getValue("rabbitmq-virtual-host", String.class));
    }

    public static TestBroker connect(String host, int port, String user, String password, String virtualHost) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        try {
            return new TestBroker(factory.newConnection("test-broker"));
        } catch (Exception e) {
            throw new IllegalStateException("cannot connect to RabbitMQ", e);
        }
    }

    public EventCodec codec() {
        return codec;
    }

    /** Publishes an envelope as the outbox relay would (same properties), and waits for the confirm. */
    public void publish(EventEnvelope event) {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .messageId(event.eventId().toString())
                .correlationId(event.correlationId())
                .type(event.eventType())
                .contentType("application/json")
                .deliveryMode(2)
                .build();
        publishRaw(event.eventType(), props, codec.encode(event).getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes any body under any routing key (poison messages, for instance). */
    public void publishRaw(String routingKey, AMQP.BasicProperties props, byte[] body) {
        try {
            channel.basicPublish(Topology.EXCHANGE, routingKey, props, body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    /** Publishes straight into {@code queue} (a dead letter, as the service would write it). */
    public void publishToQueue(String queue, AMQP.BasicProperties props, byte[] body) {
        try {
            channel.basicPublish("", queue, props, body);
            channel.waitForConfirmsOrDie(10_000);
        } catch (Exception e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    /** Binds {@code queue} to the exchange with {@code routingKey} (a binding a release before this one made). */
    public void bind(String queue, String routingKey) {
        try {
            channel.queueBind(queue, Topology.EXCHANGE, routingKey);
        } catch (Exception e) {
            throw new IllegalStateException("bind failed", e);
        }
    }

    public long messageCount(String queue) {
        try {
            return channel.messageCount(queue);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the queues (and dead-letter queues) of these services, so a run starts from an empty broker. */
    public void deleteQueues(java.util.Collection<String> services) {
        try {
            for (String service : services) {
                channel.queueDelete(Topology.queue(service));
                channel.queueDelete(Topology.deadLetterQueue(service));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deletes the stream of every event, so a run whose databases are fresh reads no older events. */
    public void deleteStream() {
        try {
            channel.queueDelete(Topology.STREAM);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void purge(String queue) {
        try {
            channel.queuePurge(queue);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A message taken (and acknowledged) from a queue. */
    public record Received(String body, Map<String, Object> headers, AMQP.BasicProperties properties) {}

    /** Takes every message now in {@code queue}. */
    public List<Received> drain(String queue) {
        List<Received> out = new ArrayList<>();
        try {
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                Map<String, Object> headers = new HashMap<>();
                if (response.getProps().getHeaders() != null) {
                    response.getProps().getHeaders().forEach((k, v) -> headers.put(k, String.valueOf(v)));
                }
                out.add(new Received(
                        new String(response.getBody(), StandardCharsets.UTF_8), headers, response.getProps()));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
