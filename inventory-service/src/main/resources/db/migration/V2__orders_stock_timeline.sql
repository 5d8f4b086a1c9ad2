-- Read models and state of inventory-service: the stock of each SKU, orders, and their timelines.
CREATE TABLE stock_item (
    sku        VARCHAR(255) PRIMARY KEY,
    name       VARCHAR(255)          NOT NULL,
    unit_price NUMERIC(12, 2) NOT NULL CHECK (unit_price >= 0),
    currency   VARCHAR(255)          NOT NULL,
    available  INT           NOT NULL CHECK (available >= 0),
    reserved   INT           NOT NULL CHECK (reserved >= 0),
    sold       INT           NOT NULL CHECK (sold >= 0),
    version    BIGINT        NOT NULL DEFAULT 0
);

CREATE TABLE customer_order (
    id                UUID PRIMARY KEY,
    correlation_id    VARCHAR(255)          NOT NULL,
    idempotency_key   VARCHAR(255) UNIQUE,
    status            VARCHAR(255)          NOT NULL,
    reason            VARCHAR(255),
    reason_detail     VARCHAR(255),
    customer_email    VARCHAR(255)          NOT NULL,
    items             TEXT         NOT NULL,
    total_amount      NUMERIC(12, 2) NOT NULL,
    currency          VARCHAR(255)          NOT NULL,
    payment_method    VARCHAR(255)          NOT NULL,
    payment_token     VARCHAR(255)          NOT NULL,
    shipping_address  TEXT         NOT NULL,
    stock_held        BOOLEAN       NOT NULL DEFAULT FALSE,
    placed_event_id   UUID          NOT NULL,
    event_version     BIGINT        NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    updated_at        TIMESTAMPTZ   NOT NULL,
    version           BIGINT        NOT NULL DEFAULT 0
);
CREATE INDEX customer_order_created ON customer_order (created_at DESC);
CREATE INDEX customer_order_pending ON customer_order (created_at) WHERE status = 'PENDING';

CREATE TABLE timeline_entry (
    id           BIGSERIAL PRIMARY KEY,
    order_id     VARCHAR(255)        NOT NULL,
    event_id     UUID        NOT NULL UNIQUE,
    event_type   VARCHAR(255)        NOT NULL,
    source       VARCHAR(255)        NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    causation_id VARCHAR(255),
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX timeline_entry_order ON timeline_entry (order_id, occurred_at, id);
