-- shipment becomes a read model, the fold of each order's Shipment events (ShipmentsReadModel), and
-- the service rebuilds it from the events at its next start. Two things the old code kept only in
-- this table become events first, so the rebuild keeps them: an order cancelled before any
-- shipment existed (ShipmentCancellationNoted) and the country a shipment was booked for
-- (BookingRequested). Both private.
WITH legacy AS (
    SELECT s.order_id, s.correlation_id, s.updated_at, s.country,
           CASE WHEN s.status IS NULL THEN 'ShipmentCancellationNoted' ELSE 'BookingRequested' END AS event_type,
           gen_random_uuid() AS event_id,
           COALESCE((SELECT max(e.aggregate_version) FROM event_store e WHERE e.aggregate_id = s.order_id), 0) + 1
               AS aggregate_version
    FROM shipment s
    WHERE (s.status IS NULL AND s.order_cancelled) OR (s.status IS NOT NULL AND s.country IS NOT NULL)
)
INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id, aggregate_version,
                         correlation_id, causation_id, occurred_at, envelope, private_event, published_at)
SELECT event_id, event_type, 1, 'Shipment', order_id, aggregate_version, correlation_id, NULL, updated_at,
       json_build_object(
           'eventId', event_id, 'eventType', event_type, 'schemaVersion', 1, 'aggregateType', 'Shipment',
           'aggregateId', order_id, 'aggregateVersion', aggregate_version, 'correlationId', correlation_id,
           'causationId', NULL,
           'occurredAt', to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'source', 'shipping-service',
           'payload', CASE WHEN event_type = 'ShipmentCancellationNoted'
                           THEN json_build_object('orderId', order_id, 'reason', NULL)
                           ELSE json_build_object('orderId', order_id, 'country', country) END
       )::text,
       TRUE, now()
FROM legacy;

ALTER TABLE shipment DROP COLUMN event_version;
ALTER TABLE shipment DROP COLUMN version;
