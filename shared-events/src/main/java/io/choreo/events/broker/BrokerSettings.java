package io.choreo.events.broker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import com.rabbitmq.stream.compression.Compression;
import com.rabbitmq.stream.compression.CompressionCodec;
import com.rabbitmq.stream.compression.CompressionUtils;

import io.vertx.rabbitmq.RabbitMQOptions;

/** The broker connection settings the connector uses, for the service's own broker clients. */
@ApplicationScoped
public class BrokerSettings {

    @ConfigProperty(name = "rabbitmq-host")
    String host;

    @ConfigProperty(name = "rabbitmq-port")
    int port;

    @ConfigProperty(name = "rabbitmq-username")
    String username;

    @ConfigProperty(name = "rabbitmq-password")
    String password;

    @ConfigProperty(name = "rabbitmq-virtual-host", defaultValue = "/")
    String virtualHost;

    public RabbitMQOptions options() {
        return new RabbitMQOptions()
                .setHost(host)
                .setPort(port)
                .setUser(username)
                .setPassword(password)
                .setVirtualHost(virtualHost)
                .setConnectionTimeout(5000);
    }

    /** A factory for a short-lived plain AMQP connection (the admin's dead-letter reader). */
    public com.rabbitmq.client.ConnectionFactory connectionFactory() {
        com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(username);
        factory.setPassword(password);
        factory.setVirtualHost(virtualHost);
        factory.setConnectionTimeout(5000);
        factory.setAutomaticRecoveryEnabled(false);
        return factory;
    }

    /**
     * The same broker over the stream protocol (plugin {@code rabbitmq_stream}) on {@code streamPort}.
     * Every connection goes to the configured host: the broker advertises its node name, which
     * need not resolve from here.
     */
    public EnvironmentBuilder streamEnvironment(int streamPort) {
        return Environment.builder()
                .host(host)
                .port(streamPort)
                .username(username)
                .password(password)
                .virtualHost(virtualHost)
                .addressResolver(address -> new Address(host, streamPort))
                .compressionCodecFactory(BrokerSettings::gzipOnly)
                .lazyInitialization(true);
    }

    /**
     * Compression matters only to sub-entry batches, which nothing here publishes (events come in
     * over AMQP 0-9-1): gzip (in the JDK) is the one codec kept, so snappy, lz4 and zstd need not
     * be on the class path.
     */
    private static CompressionCodec gzipOnly(Compression compression) {
        if (compression == Compression.GZIP) {
            return new CompressionUtils.GzipCompressionCodec();
        }
        throw new IllegalArgumentException("stream compression " + compression + " is not supported here");
    }

    public String describe() {
        return host + ":" + port + virtualHost;
    }
}
