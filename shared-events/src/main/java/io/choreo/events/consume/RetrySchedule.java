package io.choreo.events.consume;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed handling is tried again: after each delay in turn (exponential by default:
 * 1 s, 5 s, 25 s), each shortened by a random jitter of up to {@code jitter} of itself, so that
 * messages that failed together do not come back together. The delays are held by the broker:
 * one retry queue per delay, whose TTL dead-letters the message back into the service's queue.
 */
public record RetrySchedule(List<Duration> delays, double jitter) {

    /** The delay before attempt {@code failedAttempt + 1}, or empty when that was the last one. */
    public Optional<Duration> delayAfter(int failedAttempt) {
        return failedAttempt >= 1 && failedAttempt <= delays.size()
                ? Optional.of(delays.get(failedAttempt - 1))
                : Optional.empty();
    }

    /** The per-message TTL within a retry queue: the queue's delay less up to {@code jitter} of it. */
    public long jitteredMillis(Duration delay) {
        long max = delay.toMillis();
        return max - (long) (max * jitter * ThreadLocalRandom.current().nextDouble());
    }

    /** The retry queue of a service for one delay; its name carries the delay, so changing delays never clashes. */
    public static String queue(String service, Duration delay) {
        return io.choreo.events.Topology.retryQueue(service, delay.toMillis() + "ms");
    }
}
