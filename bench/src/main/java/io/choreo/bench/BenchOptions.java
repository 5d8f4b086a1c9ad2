package io.choreo.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one benchmark run does, from {@code --name value} arguments (scripts/bench.sh passes them). */
record BenchOptions(
        String label,
        URI inventoryUrl,
        String decisionJdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        List<String> analyzeJdbcUrls,
        int warmupOrders,
        int warmupClients,
        int burstOrders,
        int burstClients,
        List<Integer> rates,
        int rateSeconds,
        int drainSeconds,
        Map<String, Long> servicePids,
        long clockTicksPerSecond,
        Path outDir,
        String gitCommit,
        boolean gitDirty,
        String suiteMode,
        String serviceJavaOpts,
        String pgbenchPath,
        String pgHost,
        int pgPort,
        String pgbenchDatabase,
        int pgbenchClients,
        int pgbenchSeconds) {

    static final String USAGE = """
            java -jar bench/target/bench.jar --inventory-url http://127.0.0.1:28081 [options]
              --label NAME               name of the run in the results (default: bench)
              --decision-jdbc URL        inventory's database, where decisions are read (event_store); empty: poll
                                         GET /orders/{id} instead
              --jdbc-user U --jdbc-password P   (default: choreo / choreo)
              --analyze-jdbc URL         a database of the suite to VACUUM ANALYZE after the warm-up (repeatable;
                                         scripts/bench.sh names the fresh databases it created)
              --warmup N --warmup-clients C     warm-up orders, not reported (default: 2000, 8)
              --orders N --clients C            burst orders and concurrent clients (default: 3000, 32)
              --rates 50,150 --rate-seconds 30  open-loop phases (orders/s) and their length
              --drain-seconds S          how long to wait for decisions after a phase (default: 60)
              --pid NAME=PID             a service process to sample (repeatable)
              --clock-ticks N            USER_HZ of /proc/<pid>/stat (default: 100)
              --out DIR                  where results.jsonl, summary.json and bench.png go (default: target/bench)
              --git-commit SHA --git-dirty true|false --suite-mode started|running
              --service-java-opts OPTS   the JVM options the services were started with, for the results
              --pgbench PATH             pgbench binary; empty skips the commit-rate measurement
              --pg-host H --pg-port P --pgbench-db DB --pgbench-clients C --pgbench-seconds S
            """;

    static BenchOptions parse(String[] args) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value, got '" + args[i] + "'\n" + USAGE);
            }
            values.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
        }
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String pid : values.getOrDefault("pid", List.of())) {
            String[] parts = pid.split("=", 2);
            if (parts.length == 2 && !parts[1].isBlank()) {
                pids.put(parts[0], Long.parseLong(parts[1].trim()));
            }
        }
        String url = one(values, "inventory-url", null);
        if (url == null) {
            throw new IllegalArgumentException("--inventory-url is required\n" + USAGE);
        }
        BenchOptions options = new BenchOptions(
                one(values, "label", "bench"),
                URI.create(url.replaceAll("/+$", "")),
                one(values, "decision-jdbc", ""),
                one(values, "jdbc-user", "choreo"),
                one(values, "jdbc-password", "choreo"),
                List.copyOf(values.getOrDefault("analyze-jdbc", List.of())),
                number(values, "warmup", 2000),
                number(values, "warmup-clients", 8),
                number(values, "orders", 3000),
                number(values, "clients", 32),
                Arrays.stream(one(values, "rates", "50,150").split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .map(Integer::parseInt)
                        .toList(),
                number(values, "rate-seconds", 30),
                number(values, "drain-seconds", 60),
                pids,
                number(values, "clock-ticks", 100),
                Path.of(one(values, "out", "target/bench")),
                one(values, "git-commit", "unknown"),
                Boolean.parseBoolean(one(values, "git-dirty", "false")),
                one(values, "suite-mode", "running"),
                one(values, "service-java-opts", ""),
                one(values, "pgbench", ""),
                one(values, "pg-host", "127.0.0.1"),
                number(values, "pg-port", 5432),
                one(values, "pgbench-db", "bench_pgbench"),
                number(values, "pgbench-clients", 8),
                number(values, "pgbench-seconds", 10));
        if (options.burstOrders < 1
                || options.burstClients < 1
                || options.warmupClients < 1
                || options.rates.stream().anyMatch(r -> r < 1)
                || options.rateSeconds < 1) {
            throw new IllegalArgumentException("orders, clients, rates and rate-seconds must be positive\n" + USAGE);
        }
        return options;
    }

    /** Orders every phase places together (and the probe order): the stock they need. */
    int plannedOrders() {
        return 1
                + warmupOrders
                + burstOrders
                + rates.stream().mapToInt(r -> r * rateSeconds).sum();
    }

    private static String one(Map<String, List<String>> values, String name, String fallback) {
        List<String> given = values.get(name);
        return given == null ? fallback : given.get(given.size() - 1);
    }

    private static int number(Map<String, List<String>> values, String name, int fallback) {
        return Integer.parseInt(one(values, name, String.valueOf(fallback)));
    }
}
