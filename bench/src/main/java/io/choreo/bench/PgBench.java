package io.choreo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The machine's PostgreSQL commit rate, measured with pgbench: a transaction of two small inserts, the shape of an
 * event handling (state row + event row), so the suite's figures can be read against what the disk allows.
 */
final class PgBench {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final String SCRIPT = """
            BEGIN;
            INSERT INTO bench_commit (payload) VALUES ('order');
            INSERT INTO bench_commit (payload) VALUES ('event');
            END;
            """;

    private PgBench() {}

    static Map<String, Object> run(BenchOptions options, Path workDir) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("clients", options.pgbenchClients());
        result.put("seconds", options.pgbenchSeconds());
        result.put("script", "BEGIN; 2 x INSERT (bigserial id, short text, timestamptz); END");
        result.put("database", options.pgbenchDatabase());
        if (options.pgbenchPath().isBlank()) {
            result.put("skipped", "no pgbench binary given");
            return result;
        }
        String jdbc =
                "jdbc:postgresql://" + options.pgHost() + ":" + options.pgPort() + "/" + options.pgbenchDatabase();
        try (Connection connection = DriverManager.getConnection(jdbc, options.jdbcUser(), options.jdbcPassword());
                Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS bench_commit");
            sql.execute("CREATE TABLE bench_commit (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL,"
                    + " at TIMESTAMPTZ NOT NULL DEFAULT now())");
            result.put("synchronousCommit", show(sql, "synchronous_commit"));
            result.put("fsync", show(sql, "fsync"));
        } catch (SQLException e) {
            result.put("error", "cannot prepare " + jdbc + ": " + e.getMessage());
            return result;
        }
        try {
            Path script = workDir.resolve("pgbench-two-inserts.sql");
            Files.writeString(script, SCRIPT);
            int threads = Math.max(
                    1, Math.min(options.pgbenchClients(), Runtime.getRuntime().availableProcessors()));
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    options.pgbenchPath(),
                    "-n",
                    "-h",
                    options.pgHost(),
                    "-p",
                    String.valueOf(options.pgPort()),
                    "-U",
                    options.jdbcUser(),
                    "-c",
                    String.valueOf(options.pgbenchClients()),
                    "-j",
                    String.valueOf(threads),
                    "-T",
                    String.valueOf(options.pgbenchSeconds()),
                    "-f",
                    script.toString(),
                    options.pgbenchDatabase()));
            builder.environment().put("PGPASSWORD", options.jdbcPassword());
            builder.redirectErrorStream(true);
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(options.pgbenchSeconds() + 60L, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.writeString(workDir.resolve("pgbench.out"), output);
            Matcher tps = TPS.matcher(output);
            Matcher latency = LATENCY.matcher(output);
            if (process.exitValue() != 0 || !tps.find()) {
                result.put(
                        "error", "pgbench exited " + process.exitValue() + "; see " + workDir.resolve("pgbench.out"));
                return result;
            }
            result.put("commitsPerSec", Percentiles.round(Double.parseDouble(tps.group(1))));
            if (latency.find()) {
                result.put("latencyAvgMs", Double.parseDouble(latency.group(1)));
            }
        } catch (IOException e) {
            result.put("error", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.put("error", "interrupted");
        }
        return result;
    }

    private static String show(Statement sql, String setting) throws SQLException {
        try (var row = sql.executeQuery("SHOW " + setting)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
