-- The trace context of the request that placed the order: the clock's cancellation continues it.
ALTER TABLE customer_order ADD COLUMN traceparent VARCHAR(255);
