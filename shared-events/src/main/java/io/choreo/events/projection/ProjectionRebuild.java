package io.choreo.events.projection;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.choreo.events.EventCodec;
import io.choreo.events.EventEnvelope;
import io.choreo.events.stream.StreamRebuild;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Cursor;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rebuilds every read model of the service from its event store, while the service runs: in one
 * REPEATABLE READ transaction (one consistent snapshot of the store and of the live tables), each
 * model's aggregates are folded with the model's own {@link ReadModel#rows} into a fresh
 * temporary table, reading the store through a cursor a batch at a time (never all of it in
 * memory), then compared row for row with the live table. To repair ({@code apply}), the live
 * tables and then the store are locked first (writers touch a read model before the store, so
 * they wait instead of deadlocking) and the rebuilt rows replace the live ones. The models fed
 * from the stream are rebuilt after, by replaying it ({@link StreamRebuild}).
 */
@ApplicationScoped
public class ProjectionRebuild {

    static final int BATCH = 500;

    @Inject
    Pool pool;

    @Inject
    ReadModels readModels;

    @Inject
    EventCodec codec;

    @Inject
    StreamRebuild streamModels;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** One model's outcome: its rows as rebuilt, and how many rows differ between rebuilt and live. */
    public record ModelResult(String name, long rows, long differences) {}

    public record Result(String service, boolean matched, boolean applied, List<ModelResult> models) {}

    /** Every read model: those folded from the event store, then those fed from the stream. */
    public Uni<Result> rebuild(boolean apply) {
        return rebuild(readModels.all(), apply)
                .chain(folded -> streamModels.rebuild(apply).map(streamed -> {
                    List<ModelResult> models = new ArrayList<>(folded.models());
                    models.addAll(streamed);
                    return new Result(service, models.stream().allMatch(r -> r.differences() == 0), apply, models);
                }));
    }

    /** Rebuilds these models (and, with {@code apply}, puts them in place). */
    public Uni<Result> rebuild(List<ReadModel> models, boolean apply) {
        return pool.withTransaction(connection -> begin(connection, models, apply)
                        .chain(() -> each(connection, models, 0, apply, new ArrayList<>())))
                .map(results ->
                        new Result(service, results.stream().allMatch(r -> r.differences() == 0), apply, results));
    }

    private Uni<Void> begin(SqlConnection connection, List<ReadModel> models, boolean apply) {
        Uni<Void> begun = connection
                .query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                .execute()
                .replaceWithVoid();
        if (!apply || models.isEmpty()) {
            return begun;
        }
        String tables = String.join(
                ", ", models.stream().map(ReadModel::table).distinct().toList());
        return begun.chain(() -> connection
                        .query("LOCK TABLE " + tables + " IN EXCLUSIVE MODE")
                        .execute())
                .chain(() ->
                        connection.query("LOCK TABLE event_store IN SHARE MODE").execute())
                .replaceWithVoid();
    }

    private Uni<List<ModelResult>> each(
            SqlConnection connection, List<ReadModel> models, int index, boolean apply, List<ModelResult> done) {
        if (index == models.size()) {
            return Uni.createFrom().item(done);
        }
        return rebuild(connection, models.get(index), apply).chain(result -> {
            done.add(result);
            return each(connection, models, index + 1, apply, done);
        });
    }

    private Uni<ModelResult> rebuild(SqlConnection connection, ReadModel model, boolean apply) {
        String rebuilt = "rebuilt_" + model.table();
        String columns = String.join(", ", model.columns());
        return connection
                .query("CREATE TEMP TABLE " + rebuilt + " (LIKE " + model.table()
                        + " INCLUDING DEFAULTS) ON COMMIT DROP")
                .execute()
                .chain(() ->
                        connection.prepare("SELECT aggregate_id, envelope FROM event_store WHERE aggregate_type = $1"
                                + " ORDER BY aggregate_id, aggregate_version"))
                .chain(statement -> {
                    Folding folding = new Folding(model, rebuilt);
                    Cursor cursor = statement.cursor(Tuple.of(model.aggregateType()));
                    return read(connection, cursor, folding)
                            .chain(() -> folding.finish(connection))
                            .eventually(() -> cursor.close().chain(statement::close));
                })
                .chain(() -> count(connection, "SELECT count(*) FROM " + rebuilt))
                .chain(rows -> count(
                                connection,
                                "SELECT count(*) FROM ((SELECT " + columns + " FROM " + model.table()
                                        + " EXCEPT ALL SELECT "
                                        + columns + " FROM " + rebuilt + ") UNION ALL (SELECT " + columns + " FROM "
                                        + rebuilt + " EXCEPT ALL SELECT " + columns + " FROM " + model.table()
                                        + ")) AS differences")
                        .map(differences -> new ModelResult(model.name(), rows, differences)))
                .call(result -> apply && result.differences() > 0
                        ? connection
                                .query("DELETE FROM " + model.table())
                                .execute()
                                .chain(() -> connection
                                        .query("INSERT INTO " + model.table() + " (" + columns + ") SELECT " + columns
                                                + " FROM " + rebuilt)
                                        .execute())
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> read(SqlConnection connection, Cursor cursor, Folding folding) {
        return cursor.read(BATCH)
                .chain(rows -> {
                    for (Row row : rows) {
                        folding.add(row.getString(0), codec.decode(row.getString(1)));
                    }
                    return folding.flush(connection);
                })
                .chain(() -> cursor.hasMore()
                        ? read(connection, cursor, folding)
                        : Uni.createFrom().voidItem());
    }

    private static Uni<Long> count(SqlConnection connection, String sql) {
        return connection.query(sql).execute().map(rows -> rows.iterator()
                .next()
                .getLong(0));
    }

    /** The events of one aggregate at a time (the cursor is ordered by aggregate), and rows waiting to be inserted. */
    private static final class Folding {
        private final ReadModel model;
        private final String insert;
        private String aggregateId;
        private final List<EventEnvelope> events = new ArrayList<>();
        private final List<Tuple> pending = new ArrayList<>();

        Folding(ReadModel model, String rebuilt) {
            this.model = model;
            this.insert = ReadModels.insertSql(model).replaceFirst(" " + model.table() + " ", " " + rebuilt + " ");
        }

        void add(String id, EventEnvelope event) {
            if (aggregateId != null && !aggregateId.equals(id)) {
                fold();
            }
            aggregateId = id;
            events.add(event);
        }

        private void fold() {
            for (List<Object> row : model.rows(aggregateId, List.copyOf(events))) {
                pending.add(Tuple.from(row.stream().map(ReadModels::sqlValue).toList()));
            }
            events.clear();
        }

        Uni<Void> flush(SqlConnection connection) {
            if (pending.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<Tuple> batch = List.copyOf(pending);
            pending.clear();
            return connection.preparedQuery(insert).executeBatch(batch).replaceWithVoid();
        }

        Uni<Void> finish(SqlConnection connection) {
            if (aggregateId != null) {
                fold();
            }
            return flush(connection);
        }
    }
}
