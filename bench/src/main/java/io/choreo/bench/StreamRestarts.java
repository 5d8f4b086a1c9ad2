package io.choreo.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Producer;

/**
 * Whether confirmed publishes reach a stream across broker restarts: the reason the relay waits
 * for the stream before it publishes on a new channel (StreamEnvironment.awaitWritable).
 *
 * <p>A publisher sends batches of 50 numbered messages through a topic exchange bound to a classic
 * queue and to a stream, waits for their confirms, and counts a batch as published once confirmed;
 * a batch that fails is sent again on a new connection (at least once, as the relay does). Meanwhile
 * the local RabbitMQ is stopped and started ({@code rabbitmqctl stop_app}, {@code start_app})
 * {@code --restarts} times. Then both are read back, and the confirmed numbers missing from each
 * are counted. With {@code --wait probe}, a new channel is used only once a probe published to the
 * stream over the stream protocol was confirmed, as the relay does; with {@code --wait none}, at
 * once. One JSON line per run.
 *
 * <p>Usage: {@code java -cp bench/target/bench.jar io.choreo.bench.StreamRestarts [--wait none|probe]
 * [--runs 3] [--restarts 4] [--vhost choreo-stream-restarts]}. It restarts the machine's RabbitMQ:
 * never against a broker you care about. It declares its exchange, queue and stream and deletes them.
 */
public final class StreamRestarts {

    private static final String EXCHANGE = "choreo-restarts";
    private static final String QUEUE = "choreo-restarts.queue";
    private static final String STREAM = "choreo-restarts.stream";

    private final String vhost;
    private final boolean probe;
    private final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean running = true;

    private StreamRestarts(String vhost, boolean probe) {
        this.vhost = vhost;
        this.probe = probe;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options =
                new LinkedHashMap<>(Map.of("wait", "probe", "runs", "3", "restarts", "4", "vhost", "/"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (!Set.of("none", "probe").contains(options.get("wait"))) {
            throw new IllegalArgumentException("--wait is none or probe, not " + options.get("wait"));
        }
        for (int run = 1; run <= Integer.parseInt(options.get("runs")); run++) {
            new StreamRestarts(options.get("vhost"), options.get("wait").equals("probe"))
                    .run(run, Integer.parseInt(options.get("restarts")));
        }
        System.exit(0);
    }

    private void run(int run, int restarts) throws Exception {
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(EXCHANGE, "topic", true);
            channel.queueDelete(QUEUE);
            channel.queueDelete(STREAM);
            channel.queueDeclare(QUEUE, true, false, false, null);
            channel.queueDeclare(STREAM, true, false, false, Map.of("x-queue-type", "stream"));
            channel.queueBind(QUEUE, EXCHANGE, "#");
            channel.queueBind(STREAM, EXCHANGE, "#");
        }
        Thread publisher = new Thread(this::publish, "publisher");
        publisher.start();
        for (int i = 0; i < restarts; i++) {
            Thread.sleep(2000 + ThreadLocalRandom.current().nextInt(1000));
            rabbitmqctl("stop_app");
            Thread.sleep(1000);
            rabbitmqctl("start_app");
            rabbitmqctl("await_startup");
        }
        Thread.sleep(3000);
        running = false;
        publisher.join(TimeUnit.SECONDS.toMillis(60));
        Set<Long> missingQueue = missing(read(QUEUE, null));
        Set<Long> missingStream = missing(read(STREAM, "first"));
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.queueDelete(QUEUE);
            channel.queueDelete(STREAM);
            channel.exchangeDelete(EXCHANGE);
        }
        System.out.printf(
                "{\"run\":%d,\"wait\":\"%s\",\"restarts\":%d,\"confirmed\":%d,\"publishFailures\":%d,"
                        + "\"missingFromQueue\":%d,\"missingFromStream\":%d,\"firstMissingFromStream\":%s}%n",
                run,
                probe ? "probe" : "none",
                restarts,
                confirmed.size(),
                failures.get(),
                missingQueue.size(),
                missingStream.size(),
                missingStream.isEmpty() ? "null" : missingStream.iterator().next());
    }

    /** Batches of 50 until stopped; a batch that fails goes again on a new connection. */
    private void publish() {
        List<Long> batch = new ArrayList<>();
        Connection connection = null;
        Channel channel = null;
        while (running || !batch.isEmpty()) {
            try {
                if (channel == null || !channel.isOpen()) {
                    connection = connect();
                    channel = connection.createChannel();
                    channel.confirmSelect();
                    if (probe) {
                        awaitStream();
                    }
                }
                if (batch.isEmpty()) {
                    for (int i = 0; i < 50; i++) {
                        batch.add(next.getAndIncrement());
                    }
                }
                for (long n : batch) {
                    channel.basicPublish(
                            EXCHANGE,
                            "n",
                            new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                            Long.toString(n).getBytes(StandardCharsets.UTF_8));
                }
                channel.waitForConfirmsOrDie(10_000);
                confirmed.addAll(batch);
                batch.clear();
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.incrementAndGet();
                if (connection != null) {
                    connection.abort(1000);
                }
                channel = null;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        if (connection != null) {
            connection.abort(1000);
        }
    }

    /** What the relay waits for on a new channel: a probe the stream confirmed over the stream protocol. */
    private void awaitStream() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Environment environment = Environment.builder()
                    .host("127.0.0.1")
                    .port(5552)
                    .virtualHost(vhost)
                    .addressResolver(address -> new Address("127.0.0.1", 5552))
                    .compressionCodecFactory(compression -> null)
                    .build()) {
                Producer producer = environment.producerBuilder().stream(STREAM).build();
                CompletableFuture<Boolean> done = new CompletableFuture<>();
                producer.send(
                        producer.messageBuilder()
                                .addData("-1".getBytes(StandardCharsets.UTF_8))
                                .build(),
                        status -> done.complete(status.isConfirmed()));
                if (done.get(2, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (Exception e) {
                // not back yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the stream confirmed no probe within 30 s");
    }

    private Set<Long> missing(Set<Long> read) {
        Set<Long> missing = new TreeSet<>(confirmed);
        missing.removeAll(read);
        return missing;
    }

    /** Every number in a queue or the stream (probes are -1), read until nothing comes for 3 s. */
    private Set<Long> read(String queue, String offset) throws Exception {
        Set<Long> numbers = ConcurrentHashMap.newKeySet();
        AtomicLong last = new AtomicLong(System.nanoTime());
        try (Connection connection = connect()) {
            Channel channel = connection.createChannel();
            channel.basicQos(500);
            channel.basicConsume(
                    queue,
                    false,
                    offset == null ? Map.of() : Map.of("x-stream-offset", offset),
                    (tag, delivery) -> {
                        long n = Long.parseLong(new String(delivery.getBody(), StandardCharsets.UTF_8));
                        if (n >= 0) {
                            numbers.add(n);
                        }
                        channel.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
                        last.set(System.nanoTime());
                    },
                    tag -> {});
            while (System.nanoTime() - last.get() < TimeUnit.SECONDS.toNanos(3)) {
                Thread.sleep(200);
            }
        }
        return numbers;
    }

    private Connection connect() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setVirtualHost(vhost);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(2000);
        return factory.newConnection("stream-restarts");
    }

    private static void rabbitmqctl(String command) throws Exception {
        Process process = new ProcessBuilder("rabbitmqctl", "-q", command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl " + command + " failed");
        }
    }
}
