-- The outbox becomes a narrow table of its own: the ids of the committed public events the broker
-- has not confirmed yet. An event is inserted into it together with its row in event_store (one
-- statement, EventStore) and deleted once the broker confirmed it (OutboxRelay). Before, the relay
-- marked each event_store row published_at = now(): an UPDATE that copied the whole row (its
-- envelope) and added an entry to every index of event_store, about 45% of the time PostgreSQL
-- spent on the suite's statements under load. event_store is now written once and never updated.
-- No foreign key: the one statement that writes both keeps them together, and a key check per
-- insert would cost on every event.
CREATE TABLE event_outbox (
    id BIGINT PRIMARY KEY
);
INSERT INTO event_outbox (id)
SELECT id FROM event_store WHERE published_at IS NULL AND NOT private_event ORDER BY id;
DROP INDEX event_store_unpublished;
ALTER TABLE event_store DROP COLUMN published_at;
