package io.choreo.inventory.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

/**
 * One event of an order's timeline, as the timeline reader took it from the stream
 * (io.choreo.inventory.stream.TimelineProjection writes these rows).
 */
@Entity
@Table(name = "timeline_entry")
public class TimelineEntry extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String orderId;
    public UUID eventId;
    public String eventType;
    public String source;
    public Instant occurredAt;
    public String causationId;
    public Instant recordedAt;

    /** Its offset in order-events.stream: publish order. None for entries recorded before the stream. */
    public Long streamOffset;

    public static Uni<List<TimelineEntry>> of(String orderId) {
        return TimelineEntry.<TimelineEntry>find(
                        "orderId",
                        Sort.by("streamOffset", Sort.Direction.Ascending, Sort.NullPrecedence.NULLS_FIRST)
                                .and("occurredAt")
                                .and("id"),
                        orderId)
                .list();
    }
}
