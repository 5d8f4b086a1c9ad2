package io.choreo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.choreo.bench.Decisions.Decision;
import io.choreo.bench.LoadPhases.ClosedLoopRun;
import io.choreo.bench.LoadPhases.OpenLoopRun;
import io.choreo.bench.OrderPoster.Posted;

/**
 * The benchmark: warm-up, a closed-loop burst, open-loop fixed-rate phases, pgbench; one JSON line per phase and a
 * summary on stdout and in {@code results.jsonl} / {@code summary.json}, and {@code bench.png}. It never fails on a
 * figure: it exits non-zero only when it cannot run (suite unreachable, no order accepted at all, bad arguments).
 */
public final class Bench {

    /** How long inventory must handle no event for the suite to count as quiet between phases. */
    private static final Duration QUIET = Duration.ofSeconds(3);
    /** Longest wait for quiet (an overloaded phase's backlog) before the next phase starts anyway. */
    private static final Duration QUIET_LIMIT = Duration.ofMinutes(5);

    private final BenchOptions options;
    private final List<Map<String, Object>> lines = new ArrayList<>();
    private final List<Charts.LatencyPoints> latencyPoints = new ArrayList<>();
    private Charts.Throughput burstThroughput = new Charts.Throughput(new double[0], new double[0], new double[0]);

    private Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        try {
            new Bench(BenchOptions.parse(args)).run();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("[bench] cannot run: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    static void log(String format, Object... args) {
        System.err.printf("[bench] " + format + "%n", args);
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        Path out = options.outDir();
        Files.createDirectories(out);
        OrderPoster poster = new OrderPoster(options.inventoryUrl());
        SkuPlan skus = SkuPlan.of(poster.inventoryJson(), options.plannedOrders());
        if (!skus.stockIsEnough()) {
            log(
                    "WARNING: SKU-001..009 hold %s, fewer than the %d orders planned: later orders will be rejected",
                    skus.available(), options.plannedOrders());
        }
        try (Decisions decisions = decisionSource(poster, skus);
                ProcessSampler sampler = new ProcessSampler(options.servicePids(), options.clockTicksPerSecond())) {
            log(
                    "decisions from %s; sampling %s",
                    decisions.describe(),
                    options.servicePids().isEmpty()
                            ? "PostgreSQL and RabbitMQ only (no service pids given)"
                            : options.servicePids());
            sampler.start();
            LoadPhases load = new LoadPhases(poster, skus, decisions);

            // First, while the suite is idle: after an overloaded phase its backlog would still compete with pgbench.
            log("pgbench: %d clients, %d s", options.pgbenchClients(), options.pgbenchSeconds());
            Map<String, Object> pgbench = PgBench.run(options, out);
            warmUp(load);
            awaitQuiet(poster);
            analyze();
            Map<String, Object> burst = burst(load, sampler);
            emit(burst);
            List<Map<String, Object>> rates = new ArrayList<>();
            for (int rate : options.rates()) {
                awaitQuiet(poster);
                Map<String, Object> phase = fixedRate(load, sampler, rate);
                emit(phase);
                rates.add(phase);
            }
            Map<String, Long> peakKb = sampler.peakMemoryKb();
            String autovacuum = decisions instanceof EventStoreDecisions store ? store.setting("autovacuum") : null;
            String synchronousCommit =
                    decisions instanceof EventStoreDecisions store ? store.setting("synchronous_commit") : null;
            Map<String, Object> summary =
                    summary(started, decisions, skus, burst, rates, peakKb, pgbench, synchronousCommit, autovacuum);
            emit(summary);
            Files.writeString(out.resolve("summary.json"), Json.write(summary) + "\n");
            Files.writeString(
                    out.resolve("results.jsonl"),
                    lines.stream().map(Json::write).collect(Collectors.joining("\n", "", "\n")));
            Path chart = out.resolve("bench.png");
            Charts.draw(chart, options.label(), latencyPoints, burstThroughput);
            log("wrote %s, %s and %s", out.resolve("results.jsonl"), out.resolve("summary.json"), chart);
        }
    }

    /**
     * The event store when it can be read and is the running suite's (checked with one probe order, since a running
     * suite may use another database than the one named), else the order timelines over HTTP.
     */
    private Decisions decisionSource(OrderPoster poster, SkuPlan skus) {
        Posted probe = poster.post(skus.nextSku());
        if (!probe.accepted()) {
            throw new IllegalStateException("the suite did not accept a probe order: " + probe.error());
        }
        if (!options.decisionJdbcUrl().isBlank()) {
            EventStoreDecisions store = null;
            try {
                store = new EventStoreDecisions(options.decisionJdbcUrl(), options.jdbcUser(), options.jdbcPassword());
                if (store.holdsOrder(probe.orderId())) {
                    return store;
                }
                log(
                        "%s does not hold the probe order %s: not this suite's database",
                        options.decisionJdbcUrl(), probe.orderId());
            } catch (SQLException e) {
                log("cannot read %s (%s)", options.decisionJdbcUrl(), e.getMessage());
            }
            if (store != null) {
                store.close();
            }
            log("reading decisions from order timelines over HTTP instead");
        }
        return new TimelineDecisions(poster.http(), options.inventoryUrl());
    }

    /** Lets the JIT compile the hot paths and fills the pools; its figures are not reported. */
    private void warmUp(LoadPhases load) throws Exception {
        if (options.warmupOrders() <= 0) {
            return;
        }
        log("warm-up: %d orders from %d clients (not reported)", options.warmupOrders(), options.warmupClients());
        ClosedLoopRun run = load.closedLoop(options.warmupOrders(), options.warmupClients());
        List<String> ids = acceptedIds(run.posts());
        if (ids.isEmpty()) {
            throw new IllegalStateException("the suite accepted none of the warm-up orders: " + failures(run.posts()));
        }
        Map<String, Decision> decided = load.awaitDecisions(
                ids, run.lastAnswer().plus(Duration.ofMinutes(10)), Duration.ofSeconds(options.drainSeconds()));
        log(
                "warm-up: %d accepted, %d decided in %.1f s",
                ids.size(),
                decided.size(),
                Duration.between(run.firstPost(), Instant.now()).toMillis() / 1000.0);
    }

    /**
     * Gives the suite's fresh databases the planner statistics a running suite's have: without them PostgreSQL plans
     * every query for the empty tables it last saw, and reads the event store whole where an index would find an
     * order's events. Autovacuum would analyze them within a minute or so; it is off on some servers (this machine
     * kind's among them), and the warm-up is shorter anyway.
     */
    private void analyze() throws SQLException {
        for (String url : options.analyzeJdbcUrls()) {
            Instant start = Instant.now();
            try (Connection connection = DriverManager.getConnection(url, options.jdbcUser(), options.jdbcPassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE");
            }
            log("VACUUM ANALYZE %s in %.1f s", url, seconds(start, Instant.now()));
        }
    }

    /**
     * Waits until inventory, which consumes every event of every order, has handled none for {@link #QUIET}: a
     * decided phase still has notifications and timeline entries in flight, which would delay the next phase's orders.
     */
    private void awaitQuiet(OrderPoster poster) throws InterruptedException {
        Instant start = Instant.now();
        double consumed = poster.eventsConsumedByInventory();
        Instant unchangedSince = Instant.now();
        while (Instant.now().isBefore(start.plus(QUIET_LIMIT))) {
            Thread.sleep(500);
            double now = poster.eventsConsumedByInventory();
            if (now < 0 || consumed < 0) {
                log("cannot read inventory's /q/metrics: pausing %d s instead of waiting for quiet", QUIET.toSeconds());
                Thread.sleep(QUIET.toMillis());
                return;
            }
            if (now != consumed) {
                consumed = now;
                unchangedSince = Instant.now();
            } else if (!Instant.now().isBefore(unchangedSince.plus(QUIET))) {
                log("suite quiet after %.1f s", seconds(start, Instant.now()));
                return;
            }
        }
        log("suite still busy after %d s: the next phase starts anyway", QUIET_LIMIT.toSeconds());
    }

    private Map<String, Object> burst(LoadPhases load, ProcessSampler sampler) throws Exception {
        log("burst: %d orders from %d concurrent clients", options.burstOrders(), options.burstClients());
        ClosedLoopRun run = load.closedLoop(options.burstOrders(), options.burstClients());
        List<String> ids = acceptedIds(run.posts());
        log(
                "burst: %d accepted in %.1f s; waiting for the decisions",
                ids.size(), seconds(run.firstPost(), run.lastAnswer()));
        // Waits as long as decisions keep coming: the burst measures how long the suite takes to decide them all.
        Map<String, Decision> decided = load.awaitDecisions(
                ids, run.lastAnswer().plus(Duration.ofMinutes(30)), Duration.ofSeconds(options.drainSeconds()));
        Instant lastDecision = decided.values().stream()
                .map(Decision::decidedAt)
                .max(Comparator.naturalOrder())
                .orElse(run.lastAnswer());

        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("kind", "phase");
        phase.put("phase", "burst");
        phase.put("label", options.label());
        phase.put("orders", options.burstOrders());
        phase.put("clients", options.burstClients());
        phase.put("accepted", ids.size());
        phase.put("postFailures", failures(run.posts()));
        double postSeconds = seconds(run.firstPost(), run.lastAnswer());
        phase.put("firstPostToLastAnswerSec", round(postSeconds));
        phase.put("acceptedPerSec", round(ids.size() / postSeconds));
        phase.put("decided", decided.size());
        phase.put("undecided", ids.size() - decided.size());
        phase.put("outcomes", outcomes(decided));
        double decideSeconds = seconds(run.firstPost(), lastDecision);
        phase.put("firstPostToLastDecisionSec", round(decideSeconds));
        phase.put("decidedPerSec", round(decided.size() / decideSeconds));
        phase.put(
                "postLatencyMs",
                Percentiles.of(run.posts().stream()
                        .filter(Posted::accepted)
                        .mapToDouble(p -> millis(p.sentAt(), p.answeredAt()))
                        .toArray()));
        phase.put("decisionLatencyMs", Percentiles.of(latencies(run.posts(), decided)));
        putCpu(phase, sampler.cpuSeconds(run.firstPost(), lastDecision), decided.size());

        burstThroughput = perSecond(run.firstPost(), decided, run.posts());
        return phase;
    }

    private Map<String, Object> fixedRate(LoadPhases load, ProcessSampler sampler, int rate) throws Exception {
        log(
                "rate %d/s for %d s (open loop), then up to %d s for the decisions",
                rate, options.rateSeconds(), options.drainSeconds());
        Duration drain = Duration.ofSeconds(options.drainSeconds());
        OpenLoopRun run = load.openLoop(rate, options.rateSeconds(), drain);
        List<String> ids = acceptedIds(run.posts());
        Instant deadline = run.lastSend().plus(drain);
        Map<String, Decision> decided = load.awaitDecisions(ids, deadline, null);
        Instant lastDecision = decided.values().stream()
                .map(Decision::decidedAt)
                .max(Comparator.naturalOrder())
                .orElse(run.lastSend());

        Map<String, Object> phase = new LinkedHashMap<>();
        phase.put("kind", "phase");
        phase.put("phase", "rate-" + rate);
        phase.put("label", options.label());
        phase.put("targetPerSec", rate);
        phase.put("seconds", options.rateSeconds());
        phase.put("scheduled", run.scheduled());
        // n sends span n - 1 intervals
        phase.put("sentPerSec", round((run.scheduled() - 1) / Math.max(0.001, seconds(run.start(), run.lastSend()))));
        phase.put("maxScheduleLagMs", round(run.maxLagMillis()));
        phase.put("accepted", ids.size());
        phase.put("unanswered", run.unanswered());
        phase.put("postFailures", failures(run.posts()));
        phase.put("decided", decided.size());
        phase.put("timedOutOfWaiting", ids.size() - decided.size());
        phase.put("drainSec", options.drainSeconds());
        phase.put("outcomes", outcomes(decided));
        phase.put("latencyMs", Percentiles.of(latencies(run.posts(), decided)));
        phase.put(
                "postLatencyMs",
                Percentiles.of(run.posts().stream()
                        .filter(Posted::accepted)
                        .mapToDouble(p -> millis(p.intendedAt(), p.answeredAt()))
                        .toArray()));
        putCpu(phase, sampler.cpuSeconds(run.start(), lastDecision), decided.size());

        List<Posted> decidedPosts = run.posts().stream()
                .filter(p -> p.accepted() && decided.containsKey(p.orderId()))
                .toList();
        latencyPoints.add(new Charts.LatencyPoints(
                rate + "/s (" + (ids.size() - decided.size()) + " timed out)",
                decidedPosts.stream()
                        .mapToDouble(p -> millis(run.start(), p.intendedAt()) / 1000.0)
                        .toArray(),
                decidedPosts.stream()
                        .mapToDouble(p ->
                                millis(p.intendedAt(), decided.get(p.orderId()).decidedAt()))
                        .toArray()));
        return phase;
    }

    private Map<String, Object> summary(
            Instant started,
            Decisions decisions,
            SkuPlan skus,
            Map<String, Object> burst,
            List<Map<String, Object>> rates,
            Map<String, Long> peakKb,
            Map<String, Object> pgbench,
            String synchronousCommit,
            String autovacuum) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("kind", "summary");
        summary.put("label", options.label());
        summary.put("startedAt", started.toString());
        summary.put("durationSec", round(seconds(started, Instant.now())));
        summary.put("gitCommit", options.gitCommit());
        summary.put("gitDirty", options.gitDirty());
        summary.put("machine", Machine.describe());
        Map<String, Object> suite = new LinkedHashMap<>();
        suite.put("mode", options.suiteMode());
        suite.put("inventoryUrl", options.inventoryUrl().toString());
        suite.put("serviceJavaOpts", options.serviceJavaOpts());
        suite.put("decisionsFrom", decisions.describe());
        suite.put("stockEnough", skus.stockIsEnough());
        suite.put("synchronousCommit", synchronousCommit);
        suite.put("autovacuum", autovacuum);
        suite.put("analyzedAfterWarmup", options.analyzeJdbcUrls());
        summary.put("suite", suite);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("warmupOrders", options.warmupOrders());
        load.put("burstOrders", options.burstOrders());
        load.put("burstClients", options.burstClients());
        load.put("ratesPerSec", options.rates());
        load.put("rateSeconds", options.rateSeconds());
        load.put("drainSec", options.drainSeconds());
        summary.put("load", load);
        Map<String, Object> burstFigures = new LinkedHashMap<>();
        for (String key : List.of(
                "decidedPerSec",
                "acceptedPerSec",
                "accepted",
                "decided",
                "firstPostToLastDecisionSec",
                "decisionLatencyMs")) {
            burstFigures.put(key, burst.get(key));
        }
        summary.put("burst", burstFigures);
        List<Map<String, Object>> rateFigures = new ArrayList<>();
        for (Map<String, Object> rate : rates) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("targetPerSec", rate.get("targetPerSec"));
            figures.put("latencyMs", rate.get("latencyMs"));
            figures.put("decided", rate.get("decided"));
            figures.put("timedOutOfWaiting", rate.get("timedOutOfWaiting"));
            figures.put("postFailures", rate.get("postFailures"));
            rateFigures.add(figures);
        }
        summary.put("rates", rateFigures);
        summary.put("burstCpuSecondsPer1000Orders", burst.get("cpuSecondsPer1000Orders"));
        Map<String, Object> peakMb = new LinkedHashMap<>();
        peakKb.forEach((group, kb) -> peakMb.put(group, kb == null ? null : round(kb / 1024.0)));
        summary.put("peakMemoryMb", peakMb);
        summary.put(
                "peakMemoryNote",
                "VmHWM per process (services, beam.smp, bench-client); PostgreSQL: highest"
                        + " sampled sum of PSS over all its processes");
        pgbench.put("when", "before the warm-up, on the idle suite");
        summary.put("pgbench", pgbench);
        return summary;
    }

    private void emit(Map<String, Object> line) {
        lines.add(line);
        System.out.println(Json.write(line));
        System.out.flush();
    }

    private static void putCpu(Map<String, Object> phase, Map<String, Double> cpuSeconds, int decided) {
        Map<String, Object> total = new LinkedHashMap<>();
        Map<String, Object> per1000 = new LinkedHashMap<>();
        cpuSeconds.forEach((group, seconds) -> {
            total.put(group, seconds == null ? null : round(seconds));
            per1000.put(group, seconds == null || decided == 0 ? null : round(seconds * 1000.0 / decided));
        });
        phase.put("cpuSeconds", total);
        phase.put("cpuSecondsPer1000Orders", per1000);
    }

    /** Decisions and accepted POSTs per one-second bucket since the first POST, for the throughput chart. */
    private static Charts.Throughput perSecond(Instant firstPost, Map<String, Decision> decided, List<Posted> posts) {
        Map<Integer, Integer> decisions =
                bucket(decided.values().stream().map(Decision::decidedAt).toList(), firstPost);
        Map<Integer, Integer> accepts = bucket(
                posts.stream().filter(Posted::accepted).map(Posted::answeredAt).toList(), firstPost);
        int last = Math.max(
                decisions.keySet().stream().max(Integer::compare).orElse(-1),
                accepts.keySet().stream().max(Integer::compare).orElse(-1));
        double[] second = new double[last + 1];
        double[] decidedPerSecond = new double[last + 1];
        double[] acceptedPerSecond = new double[last + 1];
        for (int s = 0; s <= last; s++) {
            second[s] = s;
            decidedPerSecond[s] = decisions.getOrDefault(s, 0);
            acceptedPerSecond[s] = accepts.getOrDefault(s, 0);
        }
        return new Charts.Throughput(second, decidedPerSecond, acceptedPerSecond);
    }

    private static Map<Integer, Integer> bucket(List<Instant> instants, Instant origin) {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (Instant at : instants) {
            counts.merge((int) Math.max(0, Duration.between(origin, at).toMillis() / 1000), 1, Integer::sum);
        }
        return counts;
    }

    private static double[] latencies(List<Posted> posts, Map<String, Decision> decided) {
        return posts.stream()
                .filter(p -> p.accepted() && decided.containsKey(p.orderId()))
                .mapToDouble(
                        p -> millis(p.intendedAt(), decided.get(p.orderId()).decidedAt()))
                .toArray();
    }

    private static Map<String, Long> outcomes(Map<String, Decision> decided) {
        return decided.values().stream()
                .collect(Collectors.groupingBy(Decision::outcome, TreeMap::new, Collectors.counting()));
    }

    /** Failed POSTs by cause (HTTP status or exception), so a broken run says why. */
    private static Map<String, Long> failures(List<Posted> posts) {
        return posts.stream()
                .filter(p -> !p.accepted())
                .collect(Collectors.groupingBy(
                        p -> p.error() == null ? "HTTP " + p.status() : abbreviate(p.error()),
                        TreeMap::new,
                        Collectors.counting()));
    }

    private static String abbreviate(String error) {
        return error.length() > 120 ? error.substring(0, 120) : error;
    }

    private static List<String> acceptedIds(List<Posted> posts) {
        return posts.stream().filter(Posted::accepted).map(Posted::orderId).collect(Collectors.toList());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
