package io.choreo.inventory.service;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.contract.DomainEvent;
import io.choreo.events.http.ProblemException;
import io.choreo.events.outbox.EventStore;
import io.choreo.inventory.domain.Stock;
import io.choreo.inventory.store.StockStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The catalogue's stock, changed by an admin: a restock is a StockAdded event of the SKU. */
@ApplicationScoped
public class StockService {

    @Inject
    StockStore stock;

    @Inject
    EventStore store;

    /** Adds {@code quantity} to the SKU's available stock; the stock as it is after. */
    public Uni<Stock> restock(String sku, int quantity) {
        return Panache.withTransaction(() -> stock.hold(List.of(sku)).chain(held -> {
            Stock current = held.get(sku);
            if (current == null) {
                throw ProblemException.notFound("No SKU " + sku + ".");
            }
            List<DomainEvent> added = List.of(current.restock(quantity));
            return stock.append(held, "restock-" + UUID.randomUUID(), null, OrderService.SOURCE, Map.of(sku, added))
                    .call(store::append)
                    .replaceWith(current);
        }));
    }
}
