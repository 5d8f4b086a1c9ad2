package io.choreo.events.stream;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** The table {@code stream_offset}: per reader, the offset of the last event its rows include. */
public final class StreamOffsets {

    private StreamOffsets() {}

    /** The reader's stored offset, -1 when it has read nothing yet. */
    public static Uni<Long> stored(SqlClient client, String reader) {
        return client.preparedQuery("SELECT stream_offset FROM stream_offset WHERE reader = $1")
                .execute(Tuple.of(reader))
                .map(rows -> rows.size() == 0 ? -1L : rows.iterator().next().getLong(0));
    }

    static Uni<Void> store(SqlClient client, String reader, long offset) {
        return client.preparedQuery(
                        "INSERT INTO stream_offset (reader, stream_offset, updated_at) VALUES ($1, $2, now())"
                                + " ON CONFLICT (reader) DO UPDATE SET stream_offset = EXCLUDED.stream_offset,"
                                + " updated_at = now()")
                .execute(Tuple.of(reader, offset))
                .replaceWithVoid();
    }
}
