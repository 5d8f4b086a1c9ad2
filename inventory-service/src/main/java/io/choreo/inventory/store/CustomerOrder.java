package io.choreo.inventory.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.OrderItem;
import io.choreo.events.store.JsonColumns;
import io.choreo.inventory.domain.OrderStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** An order as inventory-service keeps it; the status here is the order's status. */
@Entity
@Table(name = "customer_order")
public class CustomerOrder extends PanacheEntityBase {

    @Id
    public UUID id;

    public String correlationId;
    public String idempotencyKey;
    /** SHA-256 of the request that placed it: the same key with another body is refused. */
    @Column(columnDefinition = "text")
    public String requestFingerprint;

    @Enumerated(EnumType.STRING)
    public OrderStatus status;

    public String reason;
    public String reasonDetail;
    public String customerEmail;

    @Convert(converter = JsonColumns.Items.class)
    @Column(columnDefinition = "text")
    public List<OrderItem> items;

    public BigDecimal totalAmount;
    public String currency;
    public String paymentMethod;
    public String paymentToken;

    @Convert(converter = JsonColumns.PostalAddress.class)
    @Column(columnDefinition = "text")
    public Address shippingAddress;

    public boolean stockHeld;
    public UUID placedEventId;
    /** Version of the order aggregate in the event store: one more per event it emits. */
    public long eventVersion;
    /** W3C traceparent of the request that placed the order, so one order stays one trace. */
    public String traceparent;

    public Instant createdAt;
    public Instant updatedAt;

    @Version
    public long version;

    public long nextEventVersion() {
        return ++eventVersion;
    }

    public static Uni<CustomerOrder> lock(UUID id) {
        return CustomerOrder.<CustomerOrder>findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public static Uni<CustomerOrder> findByIdempotencyKey(String key) {
        return CustomerOrder.<CustomerOrder>find("idempotencyKey", key).firstResult();
    }
}
