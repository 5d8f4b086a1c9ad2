-- One row per order: what was charged and refunded. A row with no status only records that the
-- order was cancelled before any charge (so a late InventoryReserved is not charged).
CREATE TABLE payment (
    order_id         VARCHAR(255) PRIMARY KEY,
    correlation_id   VARCHAR(255),
    status           VARCHAR(255),
    amount           NUMERIC(12, 2),
    captured_amount  NUMERIC(12, 2) NOT NULL DEFAULT 0,
    refunded_amount  NUMERIC(12, 2) NOT NULL DEFAULT 0,
    currency         VARCHAR(255),
    reason           VARCHAR(255),
    charge_id        VARCHAR(255),
    order_cancelled  BOOLEAN NOT NULL DEFAULT FALSE,
    event_version    BIGINT  NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    version          BIGINT  NOT NULL DEFAULT 0
);
