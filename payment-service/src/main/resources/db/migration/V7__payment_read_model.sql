-- payment becomes a read model, the fold of each order's Payment events (PaymentsReadModel), and
-- the service rebuilds it from the events at its next start. Two things the old code kept only
-- in this table become events first, so the rebuild keeps them: an order cancelled before it was
-- charged (CancellationNoted) and what a failed charge was for (ChargeRequested). Both private.
WITH legacy AS (
    SELECT p.order_id, p.correlation_id, p.updated_at, p.amount, p.currency,
           CASE WHEN p.status IS NULL THEN 'CancellationNoted' ELSE 'ChargeRequested' END AS event_type,
           gen_random_uuid() AS event_id,
           COALESCE((SELECT max(e.aggregate_version) FROM event_store e WHERE e.aggregate_id = p.order_id), 0) + 1
               AS aggregate_version
    FROM payment p
    WHERE (p.status IS NULL AND p.order_cancelled) OR (p.status = 'FAILED' AND p.amount IS NOT NULL)
)
INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id, aggregate_version,
                         correlation_id, causation_id, occurred_at, envelope, private_event, published_at)
SELECT event_id, event_type, 1, 'Payment', order_id, aggregate_version, correlation_id, NULL, updated_at,
       json_build_object(
           'eventId', event_id, 'eventType', event_type, 'schemaVersion', 1, 'aggregateType', 'Payment',
           'aggregateId', order_id, 'aggregateVersion', aggregate_version, 'correlationId', correlation_id,
           'causationId', NULL,
           'occurredAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'source', 'payment-service',
           'payload', CASE WHEN event_type = 'CancellationNoted'
                           THEN json_build_object('orderId', order_id, 'reason', NULL)
                           ELSE json_build_object('orderId', order_id, 'amount', amount, 'currency', currency) END
       )::text,
       TRUE, now()
FROM legacy;

ALTER TABLE payment DROP COLUMN event_version;
ALTER TABLE payment DROP COLUMN version;
ALTER TABLE payment ALTER COLUMN captured_amount DROP DEFAULT;
ALTER TABLE payment ALTER COLUMN refunded_amount DROP DEFAULT;
