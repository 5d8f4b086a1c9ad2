-- The customer message of each order: exactly one per order, SENT or FAILED.
CREATE TABLE notification (
    order_id        VARCHAR(255) PRIMARY KEY,
    correlation_id  VARCHAR(255) NOT NULL,
    type            VARCHAR(255) NOT NULL,
    recipient       VARCHAR(255) NOT NULL,
    subject         VARCHAR(255) NOT NULL,
    status          VARCHAR(255) NOT NULL,
    error           VARCHAR(255),
    sent_at         TIMESTAMPTZ  NOT NULL,
    event_version   BIGINT       NOT NULL DEFAULT 0
);
