package io.choreo.payment.store;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.choreo.payment.domain.PaymentStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** The read model of one order's payment, as {@link PaymentsReadModel} folds it from the events; queries only. */
@Entity
@Table(name = "payment")
public class PaymentRow extends PanacheEntityBase {

    @Id
    public String orderId;

    public String correlationId;

    @Enumerated(EnumType.STRING)
    public PaymentStatus status;

    public BigDecimal amount;
    public BigDecimal capturedAmount;
    public BigDecimal refundedAmount;
    public String currency;
    public String reason;
    public String chargeId;
    public boolean orderCancelled;
    public Instant createdAt;
    public Instant updatedAt;
}
