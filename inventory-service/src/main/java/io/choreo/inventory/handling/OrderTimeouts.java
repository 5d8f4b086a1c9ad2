package io.choreo.inventory.handling;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.choreo.inventory.service.OrderService;
import io.choreo.inventory.store.OrderClock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealthReporter;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The clock: an order still PENDING after {@code choreo.order.timeout} of time in which it could
 * have moved is cancelled ({@code timed_out}). Time is the database's. Each tick first records the
 * gap since the last one as an outage when it is longer than a few intervals (nothing ticked: the
 * database, the broker or every replica was away); an order's deadline is its placement plus the
 * timeout plus the outages after it. While this replica is not ready (database or broker
 * unreachable) it does not tick at all. Overdue orders are claimed one by one with {@code FOR
 * UPDATE SKIP LOCKED} (two replicas never cancel the same one), and one that fails is logged and
 * left for the next tick without holding back the others. Before that, each tick decides the stock
 * of orders an older release placed without it (see OrderService#decideStock).
 */
@ApplicationScoped
public class OrderTimeouts {

    private static final Logger LOG = Logger.getLogger(OrderTimeouts.class);

    /** A gap between ticks longer than this many intervals is an outage. */
    static final int OUTAGE_INTERVALS = 3;

    @Inject
    OrderService orders;

    @Inject
    OrderClock clock;

    @Inject
    SmallRyeHealthReporter health;

    @ConfigProperty(name = "choreo.order.timeout")
    Duration timeout;

    @ConfigProperty(name = "choreo.order.timeout-check-interval")
    Duration interval;

    @Scheduled(
            every = "${choreo.order.timeout-check-interval}",
            delayed = "${choreo.order.timeout-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cancelOverdueOrders() {
        // The health checks answer on a worker thread; the database work belongs on this context.
        Context context = Vertx.currentContext();
        return health.getReadinessAsync()
                .emitOn(task -> context.runOnContext(ignored -> task.run()))
                .chain(readiness -> {
                    if (readiness.isDown()) {
                        LOG.debug("not ready (database or broker unreachable): the order clock stands still");
                        return Uni.createFrom().voidItem();
                    }
                    return tick().chain(this::undecided)
                            .chain(this::decideStock)
                            .chain(this::overdue)
                            .chain(this::cancel);
                });
    }

    private Uni<Void> tick() {
        double tolerance = interval.toMillis() * OUTAGE_INTERVALS / 1000.0;
        return Panache.withTransaction(() -> clock.tick(tolerance));
    }

    private Uni<List<UUID>> overdue() {
        return Panache.withSession(() -> clock.overdue(timeout.toMillis() / 1000.0));
    }

    /** Placements of an older release left undecided for a tick's interval (see OrderService#decideStock). */
    private Uni<List<UUID>> undecided() {
        return Panache.withSession(() -> clock.undecided(interval.toMillis() / 1000.0));
    }

    private Uni<Void> decideStock(List<UUID> ids) {
        return each(ids, "deciding the stock of", orders::decideStock);
    }

    private Uni<Void> cancel(List<UUID> ids) {
        String detail = "no outcome within " + timeout.toSeconds() + "s";
        return each(ids, "timing out", id -> orders.timeOut(id, detail));
    }

    /** One order after the other; one that fails is logged and left for the next tick. */
    private static Uni<Void> each(List<UUID> ids, String what, Function<UUID, Uni<Void>> work) {
        return Multi.createFrom()
                .iterable(ids)
                .onItem()
                .transformToUniAndConcatenate(id -> work.apply(id).onFailure().recoverWithUni(e -> {
                    LOG.warnf(e, "%s order %s failed; tried again at the next tick", what, id);
                    return Uni.createFrom().voidItem();
                }))
                .collect()
                .last()
                .replaceWithVoid();
    }
}
