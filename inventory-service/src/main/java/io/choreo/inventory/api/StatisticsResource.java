package io.choreo.inventory.api;

import java.time.Duration;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.choreo.inventory.stream.LiveFeed;
import io.choreo.inventory.stream.OrderStatistics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The live statistics of the orders, fed from the stream: as JSON, and as server-sent events. */
@Path("/orders")
@RolesAllowed({"support", "admin"})
public class StatisticsResource {

    @Inject
    OrderStatistics statistics;

    @Inject
    LiveFeed feed;

    @Inject
    Sse sse;

    @GET
    @Path("/stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<OrderStatistics.Stats> stats() {
        return statistics.current();
    }

    /** {@code event: stats} once a second, {@code event: decided} for each order as it is decided. */
    @GET
    @Path("/live")
    @Blocking // the first watcher opens the stream consumer of LiveFeed
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> live() {
        Multi<OutboundSseEvent> stats = Multi.createFrom()
                .ticks()
                .startingAfter(Duration.ofMillis(10))
                .every(Duration.ofSeconds(1))
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(tick -> statistics.current())
                .map(s -> event("stats", s));
        Multi<OutboundSseEvent> decided = feed.decided().map(d -> event("decided", d));
        return Multi.createBy().merging().streams(stats, decided);
    }

    private OutboundSseEvent event(String name, Object data) {
        return sse.newEventBuilder()
                .name(name)
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(data)
                .build();
    }
}
