package io.choreo.events.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.events.EventTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The event counters every service exports at {@code /q/metrics} (Prometheus names in brackets):
 * events published [choreo_events_published_total], consumed [choreo_events_consumed_total,
 * outcome handled|duplicate] and failed [choreo_events_failed_total, reason poison|error], per
 * service and event type, how long handling took [choreo_event_handling_seconds, a histogram], and how
 * many deliveries a consumer batch committed at once [choreo_consumer_batch_deliveries].
 * The type tag takes only the known event types; anything else (a poison message's type is
 * whatever its sender wrote) counts as {@code unknown}, so a sender cannot grow the metrics.
 */
@ApplicationScoped
public class EventMetrics {

    static final String UNKNOWN = "unknown";

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** The value of the {@code type} tag: a known event type, or {@code unknown}. */
    public static String typeTag(String eventType) {
        return eventType != null && EventTypes.all().contains(eventType) ? eventType : UNKNOWN;
    }

    /**
     * The meters counted for every event, once looked up: finding a meter builds its id and sorts
     * its tags, which on the hot path cost more than the count (a few percent of a service's CPU).
     */
    private final Map<String, Counter> publishedByType = new ConcurrentHashMap<>();

    private final Map<String, Counter> consumedByTypeAndOutcome = new ConcurrentHashMap<>();
    private final Map<String, Timer> handlingByTypeAndOutcome = new ConcurrentHashMap<>();
    private volatile DistributionSummary batchSizes;

    public void published(String eventType) {
        publishedByType
                .computeIfAbsent(
                        typeTag(eventType),
                        type -> registry.counter("choreo.events.published", "service", service, "type", type))
                .increment();
    }

    public void consumed(String eventType, boolean duplicate, long nanos) {
        String outcome = duplicate ? "duplicate" : "handled";
        String type = typeTag(eventType);
        String key = type + ' ' + outcome;
        consumedByTypeAndOutcome
                .computeIfAbsent(
                        key,
                        k -> registry.counter(
                                "choreo.events.consumed", "service", service, "type", type, "outcome", outcome))
                .increment();
        handlingByTypeAndOutcome
                .computeIfAbsent(key, k -> Timer.builder("choreo.event.handling")
                        .description("time to handle one event, transaction included")
                        .tags("service", service, "type", type, "outcome", outcome)
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A batch of deliveries committed in one transaction [choreo_consumer_batch_deliveries, a summary of sizes]. */
    public void batched(int deliveries) {
        DistributionSummary sizes = batchSizes;
        if (sizes == null) {
            sizes = DistributionSummary.builder("choreo.consumer.batch.deliveries")
                    .description("deliveries handled in one transaction")
                    .tags("service", service)
                    .register(registry);
            batchSizes = sizes;
        }
        sizes.record(deliveries);
    }

    /**
     * A handling lost a race with another writer of the same aggregate (or row) and runs again
     * from the new state [choreo_events_conflicts_total].
     */
    public void conflicted(String eventType) {
        registry.counter("choreo.events.conflicts", "service", service, "type", typeTag(eventType))
                .increment();
    }

    /** A failed handling sent to a retry queue [choreo_events_retried_total]. */
    public void retried(String eventType) {
        registry.counter("choreo.events.retried", "service", service, "type", typeTag(eventType))
                .increment();
    }

    /**
     * A handling found a dependency unreachable and began to wait for it, its tries unspent
     * [choreo_events_outage_waits_total]; each wait that followed and its length
     * [choreo_events_outage_wait_seconds, a timer: its count is the number of waits].
     */
    public void outageBegan(String eventType) {
        registry.counter("choreo.events.outage.waits", "service", service, "type", eventType)
                .increment();
    }

    public void outageWaited(String eventType, java.time.Duration delay) {
        Timer.builder("choreo.events.outage.wait")
                .description("time a handling waited for an unreachable dependency, tries unspent")
                .tags("service", service, "type", eventType)
                .register(registry)
                .record(delay);
    }

    public void failed(String eventType, String reason) {
        registry.counter("choreo.events.failed", "service", service, "type", typeTag(eventType), "reason", reason)
                .increment();
    }
}
