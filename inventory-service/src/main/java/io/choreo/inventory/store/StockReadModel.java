package io.choreo.inventory.store;

import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.projection.FoldedReadModel;
import io.choreo.inventory.domain.Stock;

/**
 * {@code stock_item}: one row per SKU, the fold of its Stock events. The handlings keep it from
 * the row itself (a snapshot at {@code version}) plus the new events; the rebuild folds the whole
 * history with {@link #rows}, so the two ways are checked against each other.
 */
@ApplicationScoped
public class StockReadModel extends FoldedReadModel {

    static final List<String> COLUMNS =
            List.of("sku", "name", "unit_price", "currency", "available", "reserved", "sold", "version");

    @Inject
    EventCodec codec;

    public StockReadModel() {
        super("stock", "stock_item", StockStore.AGGREGATE, "sku", COLUMNS);
    }

    /**
     * In a batch the handlings find the stock it read at its start as the batch left it
     * ({@link StockStore#readForBatch}), not in this table, and the row is written once at the
     * batch's end, after the batch locked it ({@link StockStore}).
     */
    @Override
    public boolean writtenAtBatchEnd() {
        return true;
    }

    @Override
    public List<List<Object>> rows(String sku, List<EventEnvelope> events) {
        Stock stock = Stock.fold(sku, events.stream().map(codec::payload).toList());
        return stock.exists() ? row(stock) : List.of();
    }

    /** The row that shows {@code stock}. */
    public List<List<Object>> row(Stock stock) {
        return List.of(Arrays.asList(
                stock.sku(),
                stock.name(),
                stock.unitPrice(),
                stock.currency(),
                stock.available(),
                stock.reserved(),
                stock.sold(),
                stock.version()));
    }
}
