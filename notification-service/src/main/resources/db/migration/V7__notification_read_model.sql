-- notification becomes a read model, the fold of each order's Notification events
-- (NotificationsReadModel), and the service rebuilds it from the events at its next start. What
-- the old code kept only in this table, the message's subject, becomes an event first, so the
-- rebuild keeps it: one private MessageComposed (type, recipient, subject) per row, after the
-- order's NotificationSent or NotificationFailed, dated when the row says the message went out.
WITH legacy AS (
    SELECT n.order_id, n.correlation_id, n.sent_at, n.type, n.recipient, n.subject,
           gen_random_uuid() AS event_id,
           COALESCE((SELECT max(e.aggregate_version) FROM event_store e WHERE e.aggregate_id = n.order_id), 0) + 1
               AS aggregate_version
    FROM notification n
    WHERE NOT EXISTS (SELECT 1 FROM event_store e
                      WHERE e.aggregate_id = n.order_id AND e.event_type = 'MessageComposed')
)
INSERT INTO event_store (event_id, event_type, schema_version, aggregate_type, aggregate_id, aggregate_version,
                         correlation_id, causation_id, occurred_at, envelope, private_event, published_at)
SELECT event_id, 'MessageComposed', 1, 'Notification', order_id, aggregate_version, correlation_id, NULL, sent_at,
       json_build_object(
           'eventId', event_id, 'eventType', 'MessageComposed', 'schemaVersion', 1,
           'aggregateType', 'Notification', 'aggregateId', order_id, 'aggregateVersion', aggregate_version,
           'correlationId', correlation_id, 'causationId', NULL,
           'occurredAt', to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'source', 'notification-service',
           'payload', json_build_object('orderId', order_id, 'type', type, 'recipient', recipient,
                                        'subject', subject)
       )::text,
       TRUE, now()
FROM legacy;

ALTER TABLE notification DROP COLUMN event_version;
