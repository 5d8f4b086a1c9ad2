package io.choreo.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decisions read from inventory's event store: one indexed query per poll, and no load on the services. The
 * terminal events are the ones inventory itself publishes, so they are in its own {@code event_store}.
 */
final class EventStoreDecisions implements Decisions {

    private static final String TERMINAL = "SELECT aggregate_id, event_type, occurred_at,"
            + " envelope::jsonb #>> '{payload,reason}' FROM event_store"
            + " WHERE aggregate_id = ANY(?) AND event_type IN ('OrderConfirmed', 'OrderRejected', 'OrderCancelled')"
            + " ORDER BY occurred_at";
    private static final int IDS_PER_QUERY = 5000;

    private final String url;
    private final Connection connection;

    EventStoreDecisions(String url, String user, String password) throws SQLException {
        this.url = url;
        this.connection = DriverManager.getConnection(url, user, password);
        this.connection.setAutoCommit(true);
    }

    @Override
    public Map<String, Decision> decided(List<String> orderIds, boolean stopAtFirstPending) throws SQLException {
        Map<String, Decision> found = new HashMap<>();
        for (int from = 0; from < orderIds.size(); from += IDS_PER_QUERY) {
            List<String> chunk = orderIds.subList(from, Math.min(orderIds.size(), from + IDS_PER_QUERY));
            Array ids = connection.createArrayOf("text", chunk.toArray());
            try (PreparedStatement query = connection.prepareStatement(TERMINAL)) {
                query.setArray(1, ids);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        // A terminal order never changes; should a second terminal event exist, the first one decided.
                        found.putIfAbsent(
                                rows.getString(1),
                                new Decision(
                                        rows.getString(1),
                                        rows.getString(2),
                                        rows.getString(4),
                                        rows.getTimestamp(3).toInstant()));
                    }
                }
            } finally {
                ids.free();
            }
        }
        return found;
    }

    /** Whether this database is the one the order was placed in: its OrderPlaced is committed before the 202. */
    boolean holdsOrder(String orderId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM event_store WHERE aggregate_id = ? AND event_type = 'OrderPlaced'")) {
            query.setString(1, orderId);
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /** A setting of the server the decisions live on (e.g. synchronous_commit), for the summary. */
    String setting(String name) {
        try (PreparedStatement show = connection.prepareStatement("SELECT current_setting(?)")) {
            show.setString(1, name);
            try (ResultSet row = show.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    @Override
    public String describe() {
        return "event_store of " + url;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at the end of the run: nothing left to save
        }
    }
}
