package io.choreo.events.projection;

import java.util.List;

import io.choreo.events.EventEnvelope;

/**
 * A table that queries read, kept as nothing but a fold of one aggregate type's events: the
 * handlings refresh an aggregate's rows in the transaction that appends its events, and
 * {@link ProjectionRebuild} folds the whole store into fresh tables with the very same
 * {@link #rows} to check (and repair) the live ones.
 */
public interface ReadModel {

    /** The model's name in the rebuild's answer ({@code payments}). */
    String name();

    String table();

    /** The aggregate type whose events this model folds ({@code Payment}). */
    String aggregateType();

    /**
     * The version of this model's fold: raise it when {@link #rows} changes what it gives, and
     * every service rebuilds the model from its events at its next start.
     */
    default int version() {
        return 1;
    }

    /**
     * The column that holds the aggregate id: an aggregate's rows are the rows with its id there.
     * When an aggregate shows as one row, this column is the table's primary key (the row is
     * then overwritten in place).
     */
    String keyColumn();

    /** The aggregate id as the key column's type holds it (a {@code uuid} column wants a UUID). */
    default Object key(String aggregateId) {
        return aggregateId;
    }

    /**
     * Whether a consumer's batch may write this model once, at its end, instead of at every
     * handling: true only for a model that shows an aggregate as at most one row keyed by
     * {@link #keyColumn} (its primary key), that no handler reads while handling (a batch's later
     * deliveries would read the rows its earlier ones left unwritten) and whose rows nothing locks
     * to keep out of a handling's way (inventory's orders qualify: the order clock keeps away from
     * an order a batch decides by its hold, not by its row). A model the handlings do read may say
     * so too when they read it from somewhere else within a batch: inventory's stock, which a batch
     * reads at its start, keeps on its context and locks at its end ({@code StockStore.readForBatch}).
     */
    default boolean writtenAtBatchEnd() {
        return false;
    }

    /** Every column, in the order of the values {@link #rows} gives. */
    List<String> columns();

    /** The rows a fold of one aggregate's events gives, oldest event first; none when it shows nothing. */
    List<List<Object>> rows(String aggregateId, List<EventEnvelope> events);
}
