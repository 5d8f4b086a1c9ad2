package io.choreo.events.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.choreo.events.EventEnvelope;
import io.choreo.events.store.Sql;
import io.smallrye.mutiny.Uni;

/**
 * The read models of a service, and the one way they are written live: after a handling decided
 * an aggregate's new events, its rows in every model of its type are replaced by the fold of all
 * its events, in the same transaction. What a query reads is so always what the events say.
 */
@ApplicationScoped
public class ReadModels {

    @Inject
    @Any
    Instance<ReadModel> models;

    /** Each model's upsert statement, by table: written once, not on every handling. */
    private final Map<String, String> upserts = new ConcurrentHashMap<>();

    public List<ReadModel> all() {
        return models.stream().toList();
    }

    /** Replaces the aggregate's rows in every model of its type by the fold of {@code events} (all of them). */
    public Uni<Void> refresh(String aggregateType, String aggregateId, List<EventEnvelope> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ReadModel model : all()) {
            if (model.aggregateType().equals(aggregateType)) {
                chain = chain.chain(() -> replace(model, aggregateId, model.rows(aggregateId, events)));
            }
        }
        return chain;
    }

    /**
     * Replaces one aggregate's rows in {@code model} by {@code rows}: for a model kept from a
     * snapshot plus the new events (stock), which must give what {@link ReadModel#rows} gives
     * for the whole history; the rebuild checks that it does.
     */
    public Uni<Void> replace(ReadModel model, String aggregateId, List<List<Object>> rows) {
        // One row: overwritten in place, so a writer waiting to lock it (stock) finds the new
        // row; a deleted and re-inserted one would vanish from under its SELECT ... FOR UPDATE.
        Uni<Integer> chain = rows.size() == 1
                ? Uni.createFrom().item(0)
                : Sql.update(
                        "DELETE FROM " + model.table() + " WHERE " + model.keyColumn() + " = $1",
                        model.key(aggregateId));
        String upsert = upserts.computeIfAbsent(model.table(), table -> upsertSql(model));
        for (List<Object> row : rows) {
            Object[] values = row.stream().map(ReadModels::sqlValue).toArray();
            chain = chain.chain(() -> Sql.update(upsert, values));
        }
        return chain.replaceWithVoid();
    }

    /**
     * Insert, or overwrite the row a concurrent writer of the same aggregate just committed: the
     * read model never decides who wins; the event store's version does (the loser's append fails
     * and its handling is retried).
     */
    static String upsertSql(ReadModel model) {
        String updates = model.columns().stream()
                .map(column -> column + " = EXCLUDED." + column)
                .collect(Collectors.joining(", "));
        return insertSql(model) + " ON CONFLICT ON CONSTRAINT " + model.table() + "_pkey DO UPDATE SET " + updates;
    }

    /** {@code INSERT INTO t (a, b) VALUES ($1, $2)}. */
    static String insertSql(ReadModel model) {
        List<String> columns = model.columns();
        String values = java.util.stream.IntStream.range(0, columns.size())
                .mapToObj(i -> "$" + (i + 1))
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + model.table() + " (" + String.join(", ", columns) + ") VALUES (" + values + ")";
    }

    /** The database's type for a value a fold gives (instants are stored as timestamptz). */
    static Object sqlValue(Object value) {
        return value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value;
    }
}
