-- What the request that placed an order looked like (SHA-256 of its body as read), so that the
-- same Idempotency-Key with a different body is refused (422) instead of answered with the first
-- order. Orders placed before this column existed have none and are answered as before.
ALTER TABLE customer_order ADD COLUMN request_fingerprint TEXT;
