package io.choreo.events;

/**
 * The broker names of DESIGN.md, in one place: a durable topic exchange, and per service one
 * durable quorum queue (shared by all replicas), its dead-letter queue and its retry queues.
 * The routing key of an event is its type.
 */
public final class Topology {

    public static final String EXCHANGE = "order-events";

    private Topology() {
    }

    public static String queue(String serviceName) {
        return serviceName + ".events";
    }

    public static String deadLetterQueue(String serviceName) {
        return queue(serviceName) + ".dlq";
    }

    public static String retryQueue(String serviceName, String suffix) {
        return queue(serviceName) + ".retry." + suffix;
    }
}
