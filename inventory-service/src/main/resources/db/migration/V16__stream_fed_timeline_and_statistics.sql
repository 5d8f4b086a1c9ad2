-- The timeline and the order statistics are fed from order-events.stream (StreamReader): the
-- timeline is ordered by each event's offset in the stream, i.e. publish order. Entries recorded
-- before the stream existed have none and come first.
ALTER TABLE timeline_entry ADD COLUMN stream_offset BIGINT;
CREATE INDEX timeline_entry_order_offset ON timeline_entry (order_id, stream_offset, id);

-- One row per order, the fold of its OrderPlaced and its decision (OrderConfirmed, OrderRejected or
-- OrderCancelled) as read from the stream: GET /orders/stats counts and measures these rows.
CREATE TABLE order_stats (
    order_id        VARCHAR(255) PRIMARY KEY,
    placed_at       TIMESTAMPTZ,
    status          VARCHAR(255) NOT NULL,
    reason          VARCHAR(255),
    decided_at      TIMESTAMPTZ,
    decision_millis BIGINT
);
CREATE INDEX order_stats_placed ON order_stats (placed_at);
CREATE INDEX order_stats_decided ON order_stats (decided_at);
CREATE INDEX order_stats_pending ON order_stats (placed_at) WHERE status = 'PENDING';
