-- One row per order: its shipment. A row with no status only records that the order was
-- cancelled before payment completed (so a late PaymentCompleted creates no shipment).
CREATE TABLE shipment (
    order_id         VARCHAR(255) PRIMARY KEY,
    correlation_id   VARCHAR(255),
    status           VARCHAR(255),
    carrier          VARCHAR(255),
    tracking_number  VARCHAR(255),
    country          VARCHAR(255),
    reason           VARCHAR(255),
    order_cancelled  BOOLEAN NOT NULL DEFAULT FALSE,
    event_version    BIGINT  NOT NULL DEFAULT 0,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    version          BIGINT  NOT NULL DEFAULT 0
);
