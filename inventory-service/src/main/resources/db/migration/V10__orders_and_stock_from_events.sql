-- Orders and stock become read models, folds of the Order and Stock events (OrdersReadModel,
-- StockReadModel); the service rebuilds both from the events at its next start.
--
-- 1. The Idempotency-Key guard is the intake's own table, not part of an order's read model.
CREATE TABLE order_request (
    idempotency_key     VARCHAR(255) PRIMARY KEY,
    request_fingerprint TEXT,
    order_id            UUID         NOT NULL
);
INSERT INTO order_request (idempotency_key, request_fingerprint, order_id)
SELECT idempotency_key, request_fingerprint, id FROM customer_order WHERE idempotency_key IS NOT NULL;

-- 2. The stock each SKU holds today becomes its first events (private): StockAdded of all it ever
-- had (the seeded catalogue on a new database), then what was reserved and sold before event
-- sourcing, as StockReserved and StockSold of no order. The row's version is the last of them.
WITH stock AS (
    SELECT sku, name, unit_price, currency, available, reserved, sold, now() AS at,
           'stock-' || sku AS correlation_id
    FROM stock_item
), carried AS (
    SELECT sku, name, unit_price, currency, at, correlation_id, 1 AS aggregate_version, 'StockAdded' AS event_type,
           json_build_object('sku', sku, 'name', name, 'unitPrice', unit_price, 'currency', currency,
                             'quantity', available + reserved + sold) AS payload
    FROM stock
    UNION ALL
    SELECT sku, name, unit_price, currency, at, correlation_id, 2, 'StockReserved',
           json_build_object('sku', sku, 'orderId', NULL, 'quantity', reserved + sold)
    FROM stock WHERE reserved + sold > 0
    UNION ALL
    SELECT sku, name, unit_price, currency, at, correlation_id, 3, 'StockSold',
           json_build_object('sku', sku, 'orderId', NULL, 'quantity', sold)
    FROM stock WHERE sold > 0
), numbered AS (
    SELECT carried.*, gen_random_uuid() AS event_id FROM carried
)
INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id, aggregate_version,
                         correlation_id, causation_id, occurred_at, envelope, private_event, published_at)
SELECT event_id, event_type, 1, 'Stock', sku, aggregate_version, correlation_id, NULL, at,
       json_build_object(
           'eventId', event_id, 'eventType', event_type, 'schemaVersion', 1, 'aggregateType', 'Stock',
           'aggregateId', sku, 'aggregateVersion', aggregate_version, 'correlationId', correlation_id,
           'causationId', NULL,
           'occurredAt', to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'source', 'inventory-service',
           'payload', payload
       )::text,
       TRUE, now()
FROM numbered;

UPDATE stock_item
SET version = 1 + CASE WHEN reserved + sold > 0 THEN 1 ELSE 0 END + CASE WHEN sold > 0 THEN 1 ELSE 0 END;
ALTER TABLE stock_item ALTER COLUMN version DROP DEFAULT;

-- 3. What the order row kept that no event says goes: the key (now in order_request), the
-- entity's lock version, the event counter (the store's versions) and the trace context (stored
-- with each event).
ALTER TABLE customer_order DROP COLUMN idempotency_key;
ALTER TABLE customer_order DROP COLUMN request_fingerprint;
ALTER TABLE customer_order DROP COLUMN version;
ALTER TABLE customer_order DROP COLUMN event_version;
ALTER TABLE customer_order DROP COLUMN traceparent;
