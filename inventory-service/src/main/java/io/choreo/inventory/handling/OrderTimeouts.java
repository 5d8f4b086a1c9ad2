package io.choreo.inventory.handling;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.inventory.domain.OrderStatus;
import io.choreo.inventory.service.OrderService;
import io.choreo.inventory.store.CustomerOrder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The clock: an order still PENDING after {@code choreo.order.timeout} is cancelled ({@code timed_out}). */
@ApplicationScoped
public class OrderTimeouts {

    @Inject
    OrderService orders;

    @ConfigProperty(name = "choreo.order.timeout")
    Duration timeout;

    @Scheduled(
            every = "${choreo.order.timeout-check-interval}",
            delayed = "${choreo.order.timeout-check-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cancelOverdueOrders() {
        Instant deadline = Instant.now().minus(timeout);
        return Panache.withSession(() -> CustomerOrder.<CustomerOrder>find(
                                "status = ?1 and createdAt < ?2 order by createdAt", OrderStatus.PENDING, deadline)
                        .page(0, 200)
                        .list())
                .map(overdue -> overdue.stream().map(o -> o.id).toList())
                .chain(this::cancel);
    }

    private Uni<Void> cancel(List<UUID> ids) {
        return Multi.createFrom()
                .iterable(ids)
                .onItem()
                .transformToUniAndConcatenate(id -> orders.timeOut(id, timeout))
                .collect()
                .last()
                .replaceWithVoid();
    }
}
