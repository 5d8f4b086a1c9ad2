package io.choreo.inventory.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.ReadModels;
import io.choreo.inventory.domain.Stock;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The stock of each SKU as the event store keeps it. Every SKU is touched by many orders, so a
 * writer first locks the SKUs' rows (in SKU order: no deadlock) and the rows serve as snapshots:
 * loading is the row plus whatever events the store holds after its version (normally none, as
 * the row is written with every append). The unique {@code (aggregate_id, aggregate_version)}
 * still guards every append.
 */
@ApplicationScoped
public class StockStore {

    public static final String AGGREGATE = "Stock";

    @Inject
    EventStore store;

    @Inject
    EventCodec codec;

    @Inject
    AggregateStore aggregates;

    @Inject
    ReadModels readModels;

    @Inject
    StockReadModel model;

    /** The SKUs' stock, held for the rest of the transaction, by SKU (unknown SKUs are absent). */
    public Uni<Map<String, Stock>> hold(Collection<String> skus) {
        return StockItem.lockAll(skus)
                .onItem()
                .transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .onItem()
                .transformToUniAndConcatenate(
                        row -> store.loadAfter(AGGREGATE, row.sku, row.version).map(after -> {
                            Stock stock = Stock.snapshot(
                                    row.sku,
                                    row.name,
                                    row.unitPrice,
                                    row.currency,
                                    row.available,
                                    row.reserved,
                                    row.sold,
                                    row.version);
                            after.forEach(e -> stock.applyNext(codec.payload(e)));
                            return stock;
                        }))
                .collect()
                .asMap(Stock::sku, stock -> stock);
    }

    /**
     * Appends each SKU's decided events after its held state and writes its row; the envelopes
     * go into the store with the caller's.
     */
    public Uni<List<EventEnvelope>> append(
            Map<String, Stock> held,
            String correlationId,
            String causationId,
            String source,
            Map<String, List<DomainEvent>> decided) {
        List<EventEnvelope> envelopes = new ArrayList<>();
        Uni<Void> rows = Uni.createFrom().voidItem();
        for (Map.Entry<String, List<DomainEvent>> entry : decided.entrySet()) {
            Stock stock = held.get(entry.getKey());
            envelopes.addAll(aggregates.envelopes(
                    AGGREGATE, stock.sku(), stock.version(), correlationId, causationId, source, entry.getValue()));
            entry.getValue().forEach(stock::applyNext);
            rows = rows.chain(() -> readModels.replace(model, stock.sku(), model.row(stock)));
        }
        return rows.replaceWith(List.copyOf(envelopes));
    }
}
