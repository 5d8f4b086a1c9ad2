package io.choreo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time and resident memory of the suite's processes, read from /proc every 250 ms: each service by pid, all
 * PostgreSQL processes summed, RabbitMQ's beam.smp, and this load generator itself.
 */
final class ProcessSampler implements AutoCloseable {

    static final String POSTGRES = "postgres";
    static final String RABBITMQ = "rabbitmq";
    static final String CLIENT = "bench-client";

    /** CPU ticks (user + system) of every group at one instant. */
    record Sample(Instant at, Map<String, Long> ticks) {}

    private static final long SAMPLE_MILLIS = 250;
    /** Finding PostgreSQL's backends means scanning /proc, so membership is refreshed less often than ticks. */
    private static final int RESCAN_EVERY = 8;
    /** PSS is read from smaps_rollup, which walks page tables: once a second is enough for a peak. */
    private static final int MEMORY_EVERY = 4;

    private final Map<String, Long> servicePids;
    private final long ticksPerSecond;
    private final long selfPid = ProcessHandle.current().pid();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Map<String, Long> peakSampledKb = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "proc-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Set<Long> postgresPids = Set.of();
    private volatile Set<Long> rabbitPids = Set.of();
    private volatile long postmasterPid = -1;
    private long rounds;

    ProcessSampler(Map<String, Long> servicePids, long ticksPerSecond) {
        this.servicePids = servicePids;
        this.ticksPerSecond = ticksPerSecond;
    }

    void start() {
        rescan();
        samples.add(sampleNow());
        timer.scheduleAtFixedRate(this::sampleRound, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The groups being sampled, services first. */
    List<String> groups() {
        List<String> groups = new ArrayList<>(servicePids.keySet());
        groups.addAll(List.of(POSTGRES, RABBITMQ, CLIENT));
        return groups;
    }

    private void sampleRound() {
        try {
            if (++rounds % RESCAN_EVERY == 0) {
                rescan();
            }
            samples.add(sampleNow());
            if (rounds % MEMORY_EVERY == 0) {
                recordMemory();
            }
        } catch (RuntimeException e) {
            // a process that vanished mid-read: the next round reads it again or without it
        }
    }

    /** CPU seconds each group used between two instants, from the samples around them. */
    Map<String, Double> cpuSeconds(Instant from, Instant to) {
        Sample before = samples.get(0);
        Sample after = samples.get(samples.size() - 1);
        for (Sample sample : samples) {
            if (!sample.at().isAfter(from)) {
                before = sample;
            }
        }
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (!samples.get(i).at().isBefore(to)) {
                after = samples.get(i);
            }
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String group : groups()) {
            Long start = before.ticks().get(group);
            Long end = after.ticks().get(group);
            seconds.put(group, start == null || end == null ? null : (end - start) / (double) ticksPerSecond);
        }
        return seconds;
    }

    /**
     * Peak memory of each group in KiB: the kernel's high-water mark (VmHWM) of single processes; for PostgreSQL
     * the highest sampled sum of PSS over all its processes, because summing RSS would count shared buffers once per
     * backend.
     */
    Map<String, Long> peakMemoryKb() {
        recordMemory();
        Map<String, Long> peak = new LinkedHashMap<>();
        for (String group : groups()) {
            peak.put(
                    group,
                    switch (group) {
                        case POSTGRES -> peakSampledKb.get(POSTGRES);
                        case RABBITMQ ->
                            rabbitPids.stream()
                                    .map(pid -> status(pid, "VmHWM"))
                                    .filter(v -> v != null)
                                    .reduce(Long::sum)
                                    .orElse(null);
                        case CLIENT -> status(selfPid, "VmHWM");
                        default -> status(servicePids.get(group), "VmHWM");
                    });
        }
        return peak;
    }

    /** Each sampled group's tick series, for anyone who wants more than the totals. */
    List<Sample> samples() {
        return List.copyOf(samples);
    }

    private Sample sampleNow() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        servicePids.forEach((name, pid) -> {
            long[] stat = stat(pid);
            if (stat != null) {
                ticks.put(name, stat[0]);
            }
        });
        long postgres = 0;
        for (long pid : postgresPids) {
            long[] stat = stat(pid);
            if (stat != null) {
                postgres += stat[0];
                // Backends that exited were reaped by the postmaster: their time is in its cutime + cstime.
                if (pid == postmasterPid) {
                    postgres += stat[1];
                }
            }
        }
        ticks.put(POSTGRES, postgres);
        long rabbit = 0;
        for (long pid : rabbitPids) {
            long[] stat = stat(pid);
            rabbit += stat == null ? 0 : stat[0];
        }
        ticks.put(RABBITMQ, rabbit);
        long[] self = stat(selfPid);
        if (self != null) {
            ticks.put(CLIENT, self[0]);
        }
        return new Sample(Instant.now(), ticks);
    }

    private void recordMemory() {
        long pss = 0;
        for (long pid : postgresPids) {
            Long kb = smapsRollup(pid, "Pss");
            pss += kb == null ? 0 : kb;
        }
        peakSampledKb.merge(POSTGRES, pss, Math::max);
    }

    /** Finds PostgreSQL's and RabbitMQ's processes by command name, and which PostgreSQL process is the postmaster. */
    private void rescan() {
        Map<Long, String> commands = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .forEach(name -> {
                        String comm = read(Path.of("/proc", name, "comm"));
                        if (comm != null) {
                            commands.put(Long.parseLong(name), comm.trim());
                        }
                    });
        } catch (IOException e) {
            return;
        }
        Set<Long> postgres = commands.entrySet().stream()
                .filter(e -> e.getValue().equals("postgres"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        postgresPids = postgres;
        rabbitPids = commands.entrySet().stream()
                .filter(e -> e.getValue().equals("beam.smp"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        for (long pid : postgres) {
            long[] stat = stat(pid);
            if (stat != null && !postgres.contains(stat[2])) {
                postmasterPid = pid;
            }
        }
    }

    /** utime + stime, cutime + cstime and the parent pid of a process, or null when it is gone. */
    private static long[] stat(Long pid) {
        if (pid == null) {
            return null;
        }
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        if (stat == null) {
            return null;
        }
        // The command name may hold spaces and parentheses: the fields that follow start after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        long children = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        return new long[] {own, children, Long.parseLong(fields[1])};
    }

    private static Long status(Long pid, String field) {
        return pid == null ? null : kilobytes(Path.of("/proc", String.valueOf(pid), "status"), field);
    }

    private static Long smapsRollup(long pid, String field) {
        return kilobytes(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), field);
    }

    private static Long kilobytes(Path file, String field) {
        String text = read(file);
        if (text == null) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(
                        line.substring(field.length() + 1).replace("kB", "").trim());
            }
        }
        return null;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
