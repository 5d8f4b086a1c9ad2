package io.choreo.inventory.store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.contract.DomainEvent;
import io.choreo.events.outbox.EventStore;
import io.choreo.events.projection.AggregateStore;
import io.choreo.events.projection.ReadModels;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.choreo.inventory.domain.Stock;
import io.choreo.inventory.domain.StockReserved;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * The stock of each SKU as the event store keeps it. Every SKU is touched by many orders, so a
 * writer locks the SKUs' rows (in SKU order: no deadlock) and the rows serve as snapshots: loading
 * is the row plus whatever events the store holds after its version (normally none, as the row is
 * written with every append).
 *
 * <p>A batch (a consumer's, or a group of placements) locks its stock as late as it can, since
 * ten hot SKUs are shared by every order: it reads its orders' stock unlocked at its start
 * ({@link #readForBatch}), its handlings decide on that as the handlings before them left it,
 * and their stock events wait for its end; just before the batch's writes ({@link #settle}) the
 * rows are locked, read again, and the events are numbered after what they hold now. A
 * reservation that no longer fits then (another writer took the stock meanwhile) fails the
 * batch as a conflict, and each of its handlings runs again alone, which locks first. So a
 * row is held for the batch's last statements and its commit, not for the whole batch. The
 * unique {@code (aggregate_id, aggregate_version)} still guards every append.
 */
@ApplicationScoped
public class StockStore {

    public static final String AGGREGATE = "Stock";

    @Inject
    EventCodec codec;

    @Inject
    AggregateStore aggregates;

    @Inject
    EventStore store;

    @Inject
    ReadModels readModels;

    @Inject
    StockReadModel model;

    /**
     * Each SKU's row, in SKU order, with the events the store holds after its version (normally
     * none), in one statement; unlocked ({@link #HOLD} locks).
     */
    private static final String READ = """
            SELECT s.sku, s.name, s.unit_price::text, s.currency, s.available, s.reserved, s.sold, s.version,
                   ARRAY(SELECT e.envelope FROM event_store e
                         WHERE e.aggregate_id = s.sku AND e.aggregate_type = '%s' AND e.aggregate_version > s.version
                         ORDER BY e.aggregate_version)
            FROM stock_item s WHERE s.sku = ANY($1) ORDER BY s.sku
            """.formatted(AGGREGATE);

    /**
     * As {@link #READ}, each row locked in SKU order. A row a concurrent writer changed while this
     * waited for its lock is read as that writer left it; the writer's events are all at or below
     * that row's version.
     */
    private static final String HOLD = READ.strip() + " FOR UPDATE OF s";

    /** The stock a batch read at its start ({@link #readForBatch}), on the batch's context, by SKU, as its handlings left it. */
    private static final String BATCH = StockStore.class.getName() + ".batch";

    /** The stock events a batch's handlings decided, in order, waiting for its end ({@link #settle}). */
    private static final String DECIDED = StockStore.class.getName() + ".decided";

    /** One handling's stock events for one SKU, and what caused them. */
    private record Decided(
            String sku, String correlationId, String causationId, String source, List<DomainEvent> events) {}

    /**
     * The SKUs' stock, held for the rest of the transaction, by SKU order (unknown SKUs are absent).
     * In a batch ({@link #readForBatch}) the SKUs read then are served as the batch's handlings
     * left them, with no statement, and others are read unlocked: the batch locks them at its end.
     */
    public Uni<Map<String, Stock>> hold(Collection<String> skus) {
        Map<String, Stock> batch = ContextState.get(BATCH);
        if (batch == null) {
            return read(skus, true);
        }
        List<String> missing =
                skus.stream().filter(sku -> !batch.containsKey(sku)).toList();
        return read(missing, false).map(read -> {
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
     * Makes the current transaction a batch's (a consumer's, or a group of placements) as far as
     * the stock goes: reads these SKUs' stock, unlocked, in one statement; the batch's handlings
     * then {@link #hold} them with no statement and find each Stock as the handlings before them
     * left it, and their stock events and rows wait for the batch's end ({@link #settle}).
     */
    public Uni<Void> readForBatch(Collection<String> skus) {
        return read(skus, false)
                .invoke(stock -> ContextLocals.put(BATCH, new HashMap<>(stock)))
                .replaceWithVoid();
    }

    /** The SKUs' stock (no statement for none), locked ({@link #HOLD}) or not ({@link #READ}). */
    private Uni<Map<String, Stock>> read(Collection<String> skus, boolean lock) {
        if (skus.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Sql.rows(lock ? HOLD : READ, (Object) skus.toArray(String[]::new))
                .map(rows -> {
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
     * go into the store with the caller's. In a batch ({@link #readForBatch}) the events are
     * applied to the batch's stock and wait for its end ({@link #settle}): none is returned.
     */
    public Uni<List<EventEnvelope>> append(
            Map<String, Stock> held,
            String correlationId,
            String causationId,
            String source,
            Map<String, List<DomainEvent>> decided) {
        if (ContextState.get(BATCH) != null) {
            List<Decided> waiting = ContextState.get(DECIDED);
            if (waiting == null) {
                waiting = new ArrayList<>();
                ContextLocals.put(DECIDED, waiting);
            }
            for (Map.Entry<String, List<DomainEvent>> entry : decided.entrySet()) {
                entry.getValue().forEach(held.get(entry.getKey())::applyNext);
                waiting.add(new Decided(entry.getKey(), correlationId, causationId, source, entry.getValue()));
            }
            return aggregates.beforeFlush(DECIDED, this::settle).replaceWith(List.of());
        }
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

    /**
     * A batch's end, just before its writes: locks the rows of the SKUs its handlings changed (in
     * SKU order), reads them again, and appends each handling's stock events after what they hold
     * now, with the rows. A reservation that no longer fits fails the batch as a conflict.
     */
    private Uni<Void> settle() {
        List<Decided> waiting = ContextState.get(DECIDED);
        ContextState.remove(DECIDED);
        if (waiting == null || waiting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> skus = new TreeSet<>();
        waiting.forEach(each -> skus.add(each.sku()));
        return read(skus, true).chain(now -> {
            List<EventEnvelope> envelopes = new ArrayList<>();
            for (Decided each : waiting) {
                Stock stock = now.get(each.sku());
                if (stock == null) {
                    throw new IllegalStateException("no stock of " + each.sku());
                }
                for (DomainEvent event : each.events()) {
                    if (event instanceof StockReserved reserved && reserved.quantity() > stock.available()) {
                        throw new OptimisticLockException(each.sku() + ": " + reserved.quantity()
                                + " reserved on stock read earlier, " + stock.available() + " available now");
                    }
                    envelopes.addAll(aggregates.envelopes(
                            AGGREGATE,
                            stock.sku(),
                            stock.version(),
                            each.correlationId(),
                            each.causationId(),
                            each.source(),
                            List.of(event)));
                    stock.applyNext(event);
                }
            }
            Uni<Void> rows = store.append(envelopes, null);
            for (Stock stock : now.values()) {
                rows = rows.chain(() -> readModels.replace(model, stock.sku(), model.row(stock)));
            }
            return rows;
        });
    }
}
