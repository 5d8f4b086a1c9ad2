package io.choreo.events.broker;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

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

    public String describe() {
        return host + ":" + port + virtualHost;
    }
}
