package io.choreo.events.stream;

import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * A read model fed from the stream {@code order-events.stream} instead of a service's own
 * handlings: a {@link StreamReader} hands it the events in batches, in publish order, and
 * stores the offset of the last one in the same transaction as the rows the batch wrote.
 *
 * <p>{@link #apply} must name its table unqualified: the rebuild shadows it with a temporary
 * table of the same name and replays the stream from its first offset into that.
 */
public interface StreamReadModel {

    /** The model's name: the reader's name for its stored offset and its lock, and in the rebuild's answer. */
    String name();

    /** The one table this model writes. */
    String table();

    /** The columns that hold what the events say (compared by the rebuild, copied by its repair). */
    List<String> columns();

    /** Writes what one batch of events changes, in the transaction {@code connection} is in. */
    Uni<Void> apply(SqlConnection connection, List<StreamRecord> batch);
}
