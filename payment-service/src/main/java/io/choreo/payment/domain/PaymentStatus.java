package io.choreo.payment.domain;

/** Where an order's money stands. */
public enum PaymentStatus {
    CAPTURED,
    FAILED,
    REFUNDED
}
