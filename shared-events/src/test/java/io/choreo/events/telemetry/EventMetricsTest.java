package io.choreo.events.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class EventMetricsTest {

    @Test
    void metricTagsTakeOnlyKnownEventTypes() {
        EventMetrics metrics = new EventMetrics();
        metrics.registry = new SimpleMeterRegistry();
        metrics.service = "payment-service";

        metrics.failed("PaymentFailed", "error");
        metrics.failed("Whatever-a-sender-wrote-" + System.nanoTime(), "poison");
        metrics.failed(null, "poison");
        metrics.retried("NotAnEvent");
        metrics.consumed("OrderCancelled", false, 1_000);

        Set<String> types = metrics.registry.getMeters().stream()
                .map(Meter::getId)
                .map(id -> id.getTag("type"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("PaymentFailed", "OrderCancelled", "unknown"), types);
        assertEquals(
                2.0,
                metrics.registry
                        .get("choreo.events.failed")
                        .tag("type", "unknown")
                        .counter()
                        .count());
    }
}
