package io.choreo.inventory.domain;

/** An order's status; every status but PENDING is terminal and never changes again. */
public enum OrderStatus {
    PENDING,
    CONFIRMED,
    REJECTED,
    CANCELLED;

    public boolean isTerminal() {
        return this != PENDING;
    }
}
