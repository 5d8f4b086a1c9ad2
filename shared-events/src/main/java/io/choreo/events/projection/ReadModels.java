package io.choreo.events.projection;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.choreo.events.EventEnvelope;
import io.choreo.events.store.ContextState;
import io.choreo.events.store.Sql;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.mutiny.Uni;

/**
 * The read models of a service, and the one way they are written live: after a handling decided
 * an aggregate's new events, its rows in every model of its type are replaced by the fold of all
 * its events, in the same transaction. What a query reads is so always what the events say.
 */
@ApplicationScoped
public class ReadModels {

    /** The current Vert.x context's held rows (a consumer batch's context), by table. */
    private static final String HELD = ReadModels.class.getName() + ".held";

    @Inject
    @Any
    Instance<ReadModel> models;

    private volatile List<ReadModel> all;

    /** Each model's upsert statement, by table: written once, not on every handling. */
    private final Map<String, String> upserts = new ConcurrentHashMap<>();

    /** A model's rows held for {@link #flush}: the last fold of each aggregate, by key, in the order first held. */
    private record Held(ReadModel model, Map<Object, List<List<Object>>> rows) {}

    public List<ReadModel> all() {
        List<ReadModel> known = all;
        if (known == null) {
            known = models.stream().toList();
            all = known;
        }
        return known;
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
     * From now on, on the current Vert.x context (a consumer batch's own), the rows of models
     * {@linkplain ReadModel#writtenAtBatchEnd written at a batch's end} wait for {@link #flush}:
     * each aggregate's last fold only, all of a model's in one statement.
     */
    public void holdWrites() {
        ContextLocals.put(HELD, new LinkedHashMap<String, Held>());
    }

    /** Writes what is held, in the current transaction: per model one delete and one upsert at most. */
    public Uni<Void> flush() {
        Map<String, Held> held = held();
        if (held == null) {
            return Uni.createFrom().voidItem();
        }
        ContextLocals.remove(HELD);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Held model : held.values()) {
            chain = chain.chain(() -> write(model));
        }
        return chain;
    }

    private static Map<String, Held> held() {
        return ContextState.get(HELD);
    }

    /** The held rows of one model: the aggregates that show no row deleted, the others upserted, one statement each. */
    private Uni<Void> write(Held held) {
        ReadModel model = held.model();
        List<Object> gone = new ArrayList<>();
        List<List<Object>> rows = new ArrayList<>();
        held.rows().forEach((key, folded) -> {
            if (folded.isEmpty()) {
                gone.add(key);
            } else {
                rows.addAll(folded);
            }
        });
        Uni<Void> chain = gone.isEmpty()
                ? Uni.createFrom().voidItem()
                : Sql.write(
                        "DELETE FROM " + model.table() + " WHERE " + model.keyColumn() + " = ANY($1)", keyArray(gone));
        if (rows.isEmpty()) {
            return chain;
        }
        // PostgreSQL takes at most 65,535 parameters a statement: a batch far larger than the
        // default 50 is written in several.
        int width = model.columns().size();
        int perStatement = Math.max(1, 65_535 / width);
        for (int from = 0; from < rows.size(); from += perStatement) {
            List<List<Object>> part = rows.subList(from, Math.min(rows.size(), from + perStatement));
            chain = chain.chain(() -> upsertAll(model, part));
        }
        return chain;
    }

    /** One multi-row upsert: {@code INSERT INTO t (...) VALUES (...), (...) ON CONFLICT ... DO UPDATE}. */
    private static Uni<Void> upsertAll(ReadModel model, List<List<Object>> rows) {
        int width = model.columns().size();
        Object[] values = new Object[rows.size() * width];
        StringBuilder sql = new StringBuilder("INSERT INTO ")
                .append(model.table())
                .append(" (")
                .append(String.join(", ", model.columns()))
                .append(") VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int c = 0; c < width; c++) {
                values[r * width + c] = sqlValue(rows.get(r).get(c));
                sql.append(c == 0 ? "$" : ", $").append(r * width + c + 1);
            }
            sql.append(')');
        }
        sql.append(onConflict(model));
        return Sql.write(sql.toString(), values);
    }

    /** Keys as a PostgreSQL array of their type (a {@code uuid} key column wants a uuid[]). */
    private static Object keyArray(List<Object> keys) {
        if (keys.stream().allMatch(UUID.class::isInstance)) {
            return keys.toArray(new UUID[0]);
        }
        return keys.stream().map(String::valueOf).toArray(String[]::new);
    }

    /**
     * Replaces one aggregate's rows in {@code model} by {@code rows}: for a model kept from a
     * snapshot plus the new events (stock), which must give what {@link ReadModel#rows} gives
     * for the whole history; the rebuild checks that it does.
     */
    public Uni<Void> replace(ReadModel model, String aggregateId, List<List<Object>> rows) {
        Map<String, Held> held = model.writtenAtBatchEnd() ? held() : null;
        if (held != null) {
            if (rows.size() > 1) {
                return Uni.createFrom()
                        .failure(new IllegalStateException(model.name() + " is written at a batch's end, so it shows an"
                                + " aggregate as one row at most, but showed " + rows.size() + " for " + aggregateId));
            }
            held.computeIfAbsent(model.table(), table -> new Held(model, new LinkedHashMap<>()))
                    .rows()
                    .put(model.key(aggregateId), rows);
            return Uni.createFrom().voidItem();
        }
        // One row: overwritten in place, so a writer waiting to lock it (stock) finds the new
        // row; a deleted and re-inserted one would vanish from under its SELECT ... FOR UPDATE.
        Uni<Void> chain = rows.size() == 1
                ? Uni.createFrom().voidItem()
                : Sql.write(
                        "DELETE FROM " + model.table() + " WHERE " + model.keyColumn() + " = $1",
                        model.key(aggregateId));
        String upsert = upserts.computeIfAbsent(model.table(), table -> upsertSql(model));
        for (List<Object> row : rows) {
            Object[] values = row.stream().map(ReadModels::sqlValue).toArray();
            chain = chain.chain(() -> Sql.write(upsert, values));
        }
        return chain;
    }

    /**
     * Insert, or overwrite the row a concurrent writer of the same aggregate just committed: the
     * read model never decides who wins; the event store's version does (the loser's append fails
     * and its handling is retried).
     */
    static String upsertSql(ReadModel model) {
        return insertSql(model) + onConflict(model);
    }

    private static String onConflict(ReadModel model) {
        String updates = model.columns().stream()
                .map(column -> column + " = EXCLUDED." + column)
                .collect(Collectors.joining(", "));
        return " ON CONFLICT ON CONSTRAINT " + model.table() + "_pkey DO UPDATE SET " + updates;
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
