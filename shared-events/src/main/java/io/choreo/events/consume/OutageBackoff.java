package io.choreo.events.consume;

import java.time.Duration;

/**
 * How long a handling waits before it tries again while a dependency is down: {@code initial},
 * doubling each time, never more than {@code max}. A message is held this way (unacknowledged,
 * its tries unspent) for at most {@code holdAtMost}; then it goes back to its queue unchanged.
 */
public record OutageBackoff(Duration initial, Duration max, Duration holdAtMost) {

    public OutageBackoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("outage backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
    }

    /** The wait before try {@code waits + 2}, {@code waits} being how often the handling already waited. */
    public Duration delay(int waits) {
        Duration delay = initial;
        for (int i = 0; i < waits && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
