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
import jakarta.persistence.Table;

import io.choreo.events.contract.Address;
import io.choreo.events.contract.OrderItem;
import io.choreo.events.store.JsonColumns;
import io.choreo.inventory.domain.OrderStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The read model of one order, as {@link OrdersReadModel} folds it from the Order events; queries only. */
@Entity
@Table(name = "customer_order")
public class CustomerOrder extends PanacheEntityBase {

    @Id
    public UUID id;

    public String correlationId;

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

    public Instant createdAt;
    public Instant updatedAt;
}
