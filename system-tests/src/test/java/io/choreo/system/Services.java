package io.choreo.system;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The suite as real processes: each service's packaged jar started with {@code java -jar}, on its
 * own port, against the system-test databases and broker vhost; killed with SIGKILL or stopped
 * with SIGTERM like on a real machine.
 */
final class Services implements AutoCloseable {

    static final String VHOST = "choreo-st";
    static final String DB_PREFIX = "st_";
    static final String ADMIN_PASSWORD = "system-test-admin";
    static final String SUPPORT_PASSWORD = "system-test-support";

    /** One process of one service. */
    static final class Instance {
        final String service;
        final String name;
        final int port;
        final Map<String, String> env;
        Process process;

        Instance(String service, String name, int port, Map<String, String> env) {
            this.service = service;
            this.name = name;
            this.port = port;
            this.env = env;
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path root;
    private final Path logs;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Map<String, String> commonEnv;

    Services(Path root, Path logs, Map<String, String> commonEnv) throws IOException {
        this.root = root;
        this.logs = logs;
        this.commonEnv = commonEnv;
        Files.createDirectories(logs);
    }

    void add(String service, String name, int port, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("CHOREO_DB_NAME", DB_PREFIX + service);
        env.put("RABBITMQ_VIRTUAL_HOST", VHOST);
        env.put("CHOREO_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CHOREO_SUPPORT_PASSWORD", SUPPORT_PASSWORD);
        env.putAll(commonEnv);
        env.putAll(extraEnv);
        instances.put(name, new Instance(service, name, port, env));
    }

    Instance get(String name) {
        return instances.get(name);
    }

    List<Instance> all() {
        return new ArrayList<>(instances.values());
    }

    void startAll() throws Exception {
        for (Instance instance : instances.values()) {
            start(instance);
        }
        for (Instance instance : instances.values()) {
            awaitReady(instance);
        }
    }

    void start(Instance instance) throws IOException {
        Path jar = root.resolve(instance.service + "-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(
                java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
        builder.environment().putAll(instance.env);
        File log = logs.resolve(instance.name + ".log").toFile();
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        instance.process = builder.start();
    }

    void awaitReady(Instance instance) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!instance.process.isAlive()) {
                throw new IllegalStateException(instance.name + " exited with " + instance.process.exitValue()
                        + "; see " + logs.resolve(instance.name + ".log"));
            }
            if (status(instance.url() + "/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(instance.name + " was not ready within 120 s");
    }

    /** SIGKILL: no shutdown hook, no goodbye; whatever was in flight is the broker's and the database's to keep. */
    void kill(Instance instance) throws InterruptedException {
        instance.process.destroyForcibly();
        instance.process.waitFor();
    }

    void restart(Instance instance) throws Exception {
        start(instance);
        awaitReady(instance);
    }

    /** The HTTP status of the instance's readiness check (-1 when it does not answer). */
    int readiness(Instance instance) {
        return status(instance.url() + "/q/health/ready");
    }

    private int status(String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        for (Instance instance : instances.values()) {
            if (instance.process != null && instance.process.isAlive()) {
                instance.process.destroy();
            }
        }
        for (Instance instance : instances.values()) {
            try {
                if (instance.process != null && !instance.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    instance.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
