package io.choreo.inventory.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.ReadModels;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.choreo.inventory.domain.Stock;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * The stock of each SKU as the event store keeps it. Every SKU is touched by many orders, so a
 * writer first locks the SKUs' rows (in SKU order: no deadlock) and the rows serve as snapshots:
 * loading is the row plus whatever events the store holds after its version (normally none, as
 * the row is written with every append, or at the end of the batch that held it). A batch (a
 * consumer's, or a group of placements) holds the stock of all its orders at its start
 * ({@link #holdForBatch}), so its handlings lock nothing later and out of order. The unique
 * {@code (aggregate_id, aggregate_version)} still guards every append.
 */
@ApplicationScoped
public class StockStore {

    public static final String AGGREGATE = "Stock";

    @Inject
    EventCodec codec;

    @Inject
    AggregateStore aggregates;

    @Inject
    ReadModels readModels;

    @Inject
    StockReadModel model;

    /**
     * Each SKU's row, locked in SKU order, with the events the store holds after its version (normally
     * none), in one statement. A row a concurrent writer changed while this waited for its lock is
     * read as that writer left it; the writer's events are all at or below that row's version.
     */
    private static final String HOLD = """
            SELECT s.sku, s.name, s.unit_price::text, s.currency, s.available, s.reserved, s.sold, s.version,
                   ARRAY(SELECT e.envelope FROM event_store e
                         WHERE e.aggregate_id = s.sku AND e.aggregate_type = '%s' AND e.aggregate_version > s.version
                         ORDER BY e.aggregate_version)
            FROM stock_item s WHERE s.sku = ANY($1) ORDER BY s.sku FOR UPDATE OF s
            """.formatted(AGGREGATE);

    /** The stock a batch held at its start ({@link #holdForBatch}), on the batch's context, by SKU. */
    private static final String BATCH = StockStore.class.getName() + ".batch";

    /**
     * The SKUs' stock, held for the rest of the transaction, by SKU order (unknown SKUs are absent).
     * In a batch that held its stock at its start ({@link #holdForBatch}) the SKUs held
     * then are served as the batch left them, with no statement.
     */
    public Uni<Map<String, Stock>> hold(Collection<String> skus) {
        Map<String, Stock> batch = ContextState.get(BATCH);
        if (batch == null) {
            return read(skus);
        }
        List<String> missing =
                skus.stream().filter(sku -> !batch.containsKey(sku)).toList();
        Uni<Map<String, Stock>> more = missing.isEmpty() ? Uni.createFrom().item(Map.of()) : read(missing);
        return more.map(read -> {
            batch.putAll(read);
            Map<String, Stock> held = new TreeMap<>();
            skus.forEach(sku -> {
                Stock stock = batch.get(sku);
                if (stock != null) {
                    held.put(sku, stock);
                }
            });
            return held;
        });
    }

    /**
     * Holds these SKUs' stock for the rest of a batch's transaction (a consumer's, or a group of
     * placements), in one statement; the batch's handlings then {@link #hold} them with no statement
     * and find each Stock as the handlings before them left it. Its row is written at the batch's
     * end ({@link StockReadModel}).
     */
    public Uni<Void> holdForBatch(Collection<String> skus) {
        if (skus.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return read(skus)
                .invoke(held -> ContextLocals.put(BATCH, new HashMap<>(held)))
                .replaceWithVoid();
    }

    private Uni<Map<String, Stock>> read(Collection<String> skus) {
        return Sql.rows(HOLD, (Object) skus.toArray(String[]::new)).map(rows -> {
            Map<String, Stock> held = new LinkedHashMap<>();
            for (Object[] row : rows) {
                Stock stock = Stock.snapshot(
                        (String) row[0],
                        (String) row[1],
                        new BigDecimal((String) row[2]),
                        (String) row[3],
                        ((Number) row[4]).intValue(),
                        ((Number) row[5]).intValue(),
                        ((Number) row[6]).intValue(),
                        ((Number) row[7]).longValue());
                for (Object after : (Object[]) row[8]) {
                    stock.applyNext(codec.payload(codec.decode((String) after)));
                }
                held.put(stock.sku(), stock);
            }
            return held;
        });
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
