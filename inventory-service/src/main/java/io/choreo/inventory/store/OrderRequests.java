package io.choreo.inventory.store;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.choreo.events.store.Sql;
import io.smallrye.mutiny.Uni;

/**
 * The intake's memory of an {@code Idempotency-Key} (table {@code order_request}): which order it
 * placed, and a SHA-256 of the request, so that the same key with another body is refused. Like
 * the inbox, a guard of the command side, not a read model: no event carries the key.
 */
@ApplicationScoped
public class OrderRequests {

    /** The first request with a key, and the order it placed as that order's row shows it now. */
    public record First(String fingerprint, String orderId, String correlationId, String status) {}

    private static final String FIRST = """
            SELECT r.request_fingerprint, o.id, o.correlation_id, o.status
            FROM order_request r JOIN customer_order o ON o.id = r.order_id
            WHERE r.idempotency_key = $1
            """;

    private static final String REMEMBER =
            "INSERT INTO order_request (idempotency_key, request_fingerprint, order_id) VALUES ($1, $2, $3)";

    /** The first request with {@code idempotencyKey}, or null. */
    public Uni<First> first(String idempotencyKey) {
        return Sql.rows(FIRST, idempotencyKey).map(rows -> {
            if (rows.isEmpty()) {
                return null;
            }
            Object[] row = rows.get(0);
            return new First((String) row[0], row[1].toString(), (String) row[2], (String) row[3]);
        });
    }

    /** Remembers the key in the current transaction: a second request with it fails here (a unique violation). */
    public Uni<Void> remember(String idempotencyKey, String fingerprint, String orderId) {
        return Sql.update(REMEMBER, idempotencyKey, fingerprint, UUID.fromString(orderId))
                .replaceWithVoid();
    }
}
