package io.choreo.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml checked offline (no Docker engine runs here; the schema itself is checked by
 * {@code scripts/check-compose.sh} with Debian's docker-compose): every service container sets
 * what the service reads and nothing it does not, and its port, published port and health check
 * agree; the services wait for healthy PostgreSQL and RabbitMQ.
 */
class ComposeFileIT {

    static final Path ROOT =
            Path.of(System.getProperty("choreo.root", "..")).toAbsolutePath().normalize();

    @Test
    @SuppressWarnings("unchecked")
    void everyServiceContainerIsConfiguredForWhatItReads() throws Exception {
        // SnakeYAML resolves the file's anchors and merge keys (<<) as compose does.
        Map<String, Object> compose =
                new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> containers = (Map<String, Map<String, Object>>) compose.get("services");
        List<String> problems = new ArrayList<>();
        for (String service : ServiceSettings.SERVICES) {
            String name = service + "-service";
            Map<String, Object> container = containers.get(name);
            if (container == null) {
                problems.add(name + " is missing");
                continue;
            }
            Map<String, Object> env = (Map<String, Object>) container.getOrDefault("environment", Map.of());
            ServiceSettings settings = new ServiceSettings(ROOT, service);
            problems.addAll(settings.check("compose " + name, Set.copyOf(env.keySet())));
            String port = String.valueOf(env.get(settings.portVariable));
            List<String> published = ((List<Object>) container.getOrDefault("ports", List.of()))
                    .stream().map(p -> String.valueOf(p).replaceAll(".*:", "")).toList();
            String health = String.join(
                    " ", (List<String>) ((Map<String, Object>) container.getOrDefault("healthcheck", Map.of()))
                            .getOrDefault("test", List.of()));
            if (!published.contains(port) || !health.contains(":" + port + "/q/health/ready")) {
                problems.add("compose " + name + ": port " + port + ", published " + published + " and health check '"
                        + health + "' disagree");
            }
            Map<String, Map<String, Object>> dependsOn =
                    (Map<String, Map<String, Object>>) container.getOrDefault("depends_on", Map.of());
            for (String dependency : List.of("postgres", "rabbitmq")) {
                Object condition = dependsOn.getOrDefault(dependency, Map.of()).get("condition");
                if (!"service_healthy".equals(condition)) {
                    problems.add(
                            "compose " + name + ": must wait for " + dependency + " to be healthy, found " + condition);
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Only the order API listens beyond the machine; no service uses guest or the development password. */
    @Test
    @SuppressWarnings("unchecked")
    void onlyTheOrderApiIsPublishedAndNoServiceUsesDevelopmentCredentials() throws Exception {
        Map<String, Object> compose =
                new org.yaml.snakeyaml.Yaml().load(java.nio.file.Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> containers = (Map<String, Map<String, Object>>) compose.get("services");
        List<String> problems = new ArrayList<>();
        containers.forEach((name, container) -> {
            for (Object port : (List<Object>) container.getOrDefault("ports", List.of())) {
                boolean orderApi =
                        name.equals("inventory-service") && String.valueOf(port).equals("8081:8081");
                if (!orderApi && !String.valueOf(port).startsWith("127.0.0.1:")) {
                    problems.add("compose " + name + ": port " + port + " is not bound to 127.0.0.1");
                }
            }
        });
        for (String service : ServiceSettings.SERVICES) {
            Map<String, Object> env =
                    (Map<String, Object>) containers.get(service + "-service").getOrDefault("environment", Map.of());
            if (!(service + "-service").equals(env.get("RABBITMQ_USERNAME"))
                    || "guest".equals(env.get("RABBITMQ_PASSWORD"))) {
                problems.add("compose " + service + "-service: broker user must be its own, found "
                        + env.get("RABBITMQ_USERNAME"));
            }
            if ("choreo".equals(env.get("CHOREO_DB_PASSWORD"))
                    || "choreo".equals(env.get("CHOREO_DB_OWNER_PASSWORD"))
                    || Objects.equals(env.get("CHOREO_DB_USER"), env.get("CHOREO_DB_OWNER_USER"))) {
                problems.add("compose " + service
                        + "-service: needs its own owner and runtime roles, not the development ones");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
