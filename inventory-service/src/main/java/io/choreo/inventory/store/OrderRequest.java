package io.choreo.inventory.store;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/**
 * The intake's memory of an {@code Idempotency-Key}: which order it placed, and a SHA-256 of the
 * request, so that the same key with another body is refused. Like the inbox, a guard of the
 * command side, not a read model: no event carries the key.
 */
@Entity
@Table(name = "order_request")
public class OrderRequest extends PanacheEntityBase {

    @Id
    public String idempotencyKey;

    @Column(columnDefinition = "text")
    public String requestFingerprint;

    public UUID orderId;
}
