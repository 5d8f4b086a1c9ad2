package io.choreo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * Partitioning by order id against competing consumers, on the real broker (DESIGN.md, "Performance"):
 * the same messages, the same replicas and the same handling, through the two topologies a service's
 * queue could have.
 *
 * <ul>
 *   <li>{@code competing}: the topic exchange routes into one quorum queue; every replica consumes
 *       from it, and the broker hands each message to any of them (what the suite does).
 *   <li>{@code partitioned}: the topic exchange routes into a consistent-hash exchange that hashes the
 *       {@code order-id} header onto P quorum queues, each with {@code x-single-active-consumer}; every
 *       replica consumes from all of them, and the broker lets one replica at a time take each.
 * </ul>
 *
 * Each replica is a connection of its own that handles one delivery at a time (a short sleep stands
 * for the work) and acknowledges it. An order's events are published back to back, the worst case for
 * competing consumers: the run counts deliveries that found an earlier event of their order still in
 * work on another replica ({@code overlapping}) or already overtaken by a later one ({@code
 * reordered}). It prints one JSON line per topology: messages/s from the first publish to the last
 * acknowledgement, and RabbitMQ's CPU milliseconds per 1,000 messages (its beam.smp, from /proc).
 *
 * <p>Usage: {@code java -cp bench/target/bench.jar io.choreo.bench.Partitions [--uri amqp://...]
 * [--orders 4000] [--events 5] [--replicas 2] [--partitions 4] [--prefetch 200] [--handle-micros 200]}.
 * It declares and deletes its own exchanges and queues (named {@code choreo-partitions-*}).
 */
public final class Partitions {

    private Partitions() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of(
                "uri", "amqp://guest:guest@127.0.0.1:5672/%2F",
                "orders", "4000",
                "events", "5",
                "replicas", "2",
                "partitions", "4",
                "prefetch", "200",
                "handle-micros", "200"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !options.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(options.get("uri"));
        Run run = new Run(
                factory,
                Integer.parseInt(options.get("orders")),
                Integer.parseInt(options.get("events")),
                Integer.parseInt(options.get("replicas")),
                Integer.parseInt(options.get("partitions")),
                Integer.parseInt(options.get("prefetch")),
                Long.parseLong(options.get("handle-micros")));
        // One round of each first, to warm both the broker and this JVM; then the measured rounds.
        run.once(false, true);
        run.once(true, true);
        System.out.println(run.once(false, false));
        System.out.println(run.once(true, false));
    }

    private record Run(
            ConnectionFactory factory,
            int orders,
            int events,
            int replicas,
            int partitions,
            int prefetch,
            long handleMicros) {

        String once(boolean partitioned, boolean warmUp) throws Exception {
            String prefix = "choreo-partitions-" + (partitioned ? "p" : "c");
            String exchange = prefix + ".events";
            String hash = prefix + ".hash";
            List<String> queues = new ArrayList<>();
            int total = (warmUp ? Math.max(1, orders / 4) : orders) * events;
            try (Connection admin = factory.newConnection("partitions-admin")) {
                Channel channel = admin.createChannel();
                channel.exchangeDeclare(exchange, "topic", true);
                if (partitioned) {
                    channel.exchangeDeclare(hash, "x-consistent-hash", true, false, Map.of("hash-header", "order-id"));
                    channel.exchangeBind(hash, exchange, "#");
                    for (int p = 0; p < partitions; p++) {
                        String queue = prefix + ".q" + p;
                        channel.queueDeclare(
                                queue,
                                true,
                                false,
                                false,
                                Map.of("x-queue-type", "quorum", "x-single-active-consumer", true));
                        channel.queueBind(queue, hash, "1");
                        queues.add(queue);
                    }
                } else {
                    String queue = prefix + ".q";
                    channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
                    channel.queueBind(queue, exchange, "#");
                    queues.add(queue);
                }

                Tally tally = new Tally(total);
                List<Connection> consumers = new ArrayList<>();
                List<ExecutorService> handlers = new ArrayList<>();
                List<Channel> channels = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    consumers.add(factory.newConnection("partitions-replica-" + r));
                    handlers.add(Executors.newSingleThreadExecutor());
                }
                // The first consumer of a single-active-consumer queue is its active one: each partition
                // gets a different replica first (the best case for partitioning: an even spread).
                for (int q = 0; q < queues.size(); q++) {
                    for (int i = 0; i < replicas; i++) {
                        int replica = (q + i) % replicas;
                        ExecutorService handler = handlers.get(replica);
                        Channel c = consumers.get(replica).createChannel();
                        channels.add(c);
                        c.basicQos(prefetch);
                        c.basicConsume(queues.get(q), false, new DefaultConsumer(c) {
                            @Override
                            public void handleDelivery(
                                    String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
                                handler.execute(() -> tally.handle(replica, props, handleMicros, () -> {
                                    try {
                                        c.basicAck(envelope.getDeliveryTag(), false);
                                    } catch (IOException e) {
                                        throw new IllegalStateException(e);
                                    }
                                }));
                            }
                        });
                    }
                }

                long brokerBefore = BrokerCpu.ticks();
                long started = System.nanoTime();
                publish(admin, exchange, total / events);
                if (!tally.done.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException(
                            "not all messages were handled: " + tally.done.getCount() + " left");
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long brokerTicks = BrokerCpu.ticks() - brokerBefore;
                for (Connection connection : consumers) {
                    connection.close();
                }
                handlers.forEach(ExecutorService::shutdownNow);
                for (String queue : queues) {
                    channel.queueDelete(queue);
                }
                if (partitioned) {
                    channel.exchangeDelete(hash);
                }
                channel.exchangeDelete(exchange);
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("kind", "partitions");
                line.put("topology", partitioned ? "partitioned" : "competing");
                line.put("warmUp", warmUp);
                line.put("messages", total);
                line.put("replicas", replicas);
                line.put("queues", queues.size());
                line.put("messagesPerSec", Math.round(total / seconds));
                line.put(
                        "brokerCpuMsPer1000Messages",
                        Math.round(brokerTicks * 1000.0 / BrokerCpu.TICKS_PER_SECOND * 1000.0 / total));
                line.put("overlapping", tally.overlapping.get());
                line.put("reordered", tally.reordered.get());
                return Json.write(line);
            }
        }

        /** Each order's events back to back, persistent, confirmed 50 at a time (as the relay publishes). */
        private void publish(Connection connection, String exchange, int orderCount) throws Exception {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            byte[] body = ("{\"payload\":\"" + "x".repeat(600) + "\"}").getBytes(StandardCharsets.UTF_8);
            int unconfirmed = 0;
            for (int o = 0; o < orderCount; o++) {
                String orderId = UUID.randomUUID().toString();
                for (int e = 0; e < events; e++) {
                    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                            .deliveryMode(2)
                            .contentType("application/json")
                            .headers(Map.of("order-id", orderId, "seq", e))
                            .build();
                    channel.basicPublish(exchange, "Event" + e, props, body);
                    if (++unconfirmed == 50) {
                        channel.waitForConfirmsOrDie(30_000);
                        unconfirmed = 0;
                    }
                }
            }
            channel.waitForConfirmsOrDie(30_000);
            channel.close();
        }
    }

    /** Which replica works on which order now, and the last event of each order handled. */
    private static final class Tally {
        final CountDownLatch done;
        final AtomicLong overlapping = new AtomicLong();
        final AtomicLong reordered = new AtomicLong();
        private final Map<String, Integer> inWork = new ConcurrentHashMap<>();
        private final Map<String, Integer> lastSeq = new ConcurrentHashMap<>();

        Tally(int total) {
            this.done = new CountDownLatch(total);
        }

        void handle(int replica, AMQP.BasicProperties props, long handleMicros, Runnable ack) {
            String orderId = props.getHeaders().get("order-id").toString();
            int seq = ((Number) props.getHeaders().get("seq")).intValue();
            Integer other = inWork.putIfAbsent(orderId, replica);
            if (other != null && other != replica) {
                overlapping.incrementAndGet();
            }
            int[] before = {-1};
            lastSeq.merge(orderId, seq, (last, now) -> {
                before[0] = last;
                return Math.max(last, now);
            });
            if (before[0] > seq) {
                reordered.incrementAndGet();
            }
            LockSupport.parkNanos(handleMicros * 1000);
            inWork.remove(orderId, replica);
            ack.run();
            done.countDown();
        }
    }

    /** RabbitMQ's CPU time (user + system) in clock ticks, from /proc: its beam.smp process. */
    static final class BrokerCpu {
        static final long TICKS_PER_SECOND = 100;

        static long ticks() throws IOException {
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes
                        .filter(p -> p.getFileName().toString().matches("\\d+"))
                        .toList()) {
                    try {
                        String cmdline = Files.readString(process.resolve("cmdline"));
                        if (cmdline.contains("beam.smp") && cmdline.contains("rabbit")) {
                            String[] stat = Files.readString(process.resolve("stat"))
                                    .substring(Files.readString(process.resolve("stat"))
                                                    .lastIndexOf(')')
                                            + 2)
                                    .split(" ");
                            return Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                        }
                    } catch (IOException ignored) {
                        // the process ended while listed
                    }
                }
            }
            throw new IllegalStateException("RabbitMQ's beam.smp is not on this machine: no broker CPU figure");
        }
    }
}
