package io.choreo.payment.store;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import io.choreo.events.store.OrderRows;
import io.choreo.payment.domain.PaymentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** The money of one order. */
@Entity
@Table(name = "payment")
public class Payment extends PanacheEntityBase {

    @Id
    public String orderId;

    public String correlationId;

    @Enumerated(EnumType.STRING)
    public PaymentStatus status;

    public BigDecimal amount;
    public BigDecimal capturedAmount = BigDecimal.ZERO;
    public BigDecimal refundedAmount = BigDecimal.ZERO;
    public String currency;
    public String reason;
    public String chargeId;
    /** OrderCancelled was seen: a charge that comes later must not stand. */
    public boolean orderCancelled;

    public long eventVersion;
    public Instant createdAt;
    public Instant updatedAt;

    @Version
    public long version;

    public long nextEventVersion() {
        return ++eventVersion;
    }

    /**
     * The order's row, created if missing, locked for this transaction: every handler of one order
     * goes through here, so they run one after the other even across replicas.
     */
    public static Uni<Payment> lockOrCreate(String orderId, String correlationId) {
        return OrderRows.lockOrCreate(Payment.class, "payment", orderId, correlationId);
    }
}
