-- The outbox becomes a narrow table of its own: the ids of the committed public events the broker
-- has not confirmed yet. An event is inserted into it together with its row in event_store (one
-- statement, EventStore) and deleted once the broker confirmed it (OutboxRelay). Before, the relay
-- marked each event_store row published_at = now(): an UPDATE that copied the whole row (its
-- envelope) and added an entry to every index of event_store, about 45% of the time PostgreSQL
-- spent on the suite's statements under load. event_store rows are now written once.
-- No foreign key: the one statement that writes both keeps them together, and a key check per
-- insert would cost on every event.
--
-- A rolling upgrade keeps working: replicas of the previous release still insert events with
-- published_at NULL and publish them with their own relay, so the column and its partial index
-- stay; a new row that names no published_at gets now() (so the old relays never see the new
-- replicas' events as theirs); and the new relay adopts any row still NULL into the outbox (an old
-- replica may stop before it published its last events). The lock keeps events committed while
-- this runs from slipping between the copy and the default.
LOCK TABLE event_store IN SHARE ROW EXCLUSIVE MODE;
CREATE TABLE event_outbox (
    id BIGINT PRIMARY KEY
);
INSERT INTO event_outbox (id)
SELECT id FROM event_store WHERE published_at IS NULL AND NOT private_event ORDER BY id;
UPDATE event_store SET published_at = now() WHERE published_at IS NULL;
ALTER TABLE event_store ALTER COLUMN published_at SET DEFAULT now();
