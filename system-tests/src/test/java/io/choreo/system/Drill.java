package io.choreo.system;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

import io.choreo.events.Topology;
import io.choreo.events.testing.TestBroker;

/**
 * The suite a drill runs on (only with {@code -Pdrill}): fresh databases and queues, two replicas
 * of every service on ports after {@code basePort}, a short order clock, no tracing export, and a
 * consumer that tries again within 2 s of a dependency's return (not up to 30 s later: the drills
 * wait for that). A drill needs the machine to itself, so the other system tests' shared suite
 * stops first.
 */
record Drill(Services services, TestBroker broker) implements AutoCloseable {

    static Drill start(String name, int basePort) throws Exception {
        return start(name, basePort, Map.of());
    }

    /** As {@link #start(String, int)}, with {@code settings} (environment variables) on top of the drill's. */
    static Drill start(String name, int basePort, Map<String, String> settings) throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("choreo.drill"), "the " + name + " runs with -Pdrill");
        RunningSuite.stopShared();
        Databases.recreate();
        TestBroker broker = TestBroker.connect("127.0.0.1", 5672, "guest", "guest", Services.VHOST);
        broker.deleteQueues(Topology.BINDINGS.keySet());
        broker.deleteStream();
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "CHOREO_ORDER_TIMEOUT",
                "PT120S",
                "CHOREO_ORDER_TIMEOUT_CHECK_INTERVAL",
                "2s",
                "CHOREO_OUTAGE_BACKOFF_INITIAL",
                "PT0.25S",
                "CHOREO_OUTAGE_BACKOFF_MAX",
                "PT2S",
                "QUARKUS_OTEL_SDK_DISABLED",
                "true"));
        env.putAll(settings);
        Services services = new Services(
                Path.of(System.getProperty("choreo.root", ".."))
                        .toAbsolutePath()
                        .normalize(),
                Path.of(System.getProperty("choreo.logs", "target/service-logs"))
                        .resolve(name),
                env);
        int port = basePort;
        for (String service : Databases.SERVICES) {
            for (int replica = 1; replica <= 2; replica++) {
                services.add(service, service + "-" + replica, ++port, Map.of());
            }
        }
        services.startAll();
        return new Drill(services, broker);
    }

    @Override
    public void close() {
        broker.close();
        services.close();
    }
}
