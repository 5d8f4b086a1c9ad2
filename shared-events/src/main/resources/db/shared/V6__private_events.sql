-- A private event is kept in the store (it is part of its aggregate's history) but never
-- published: it is stored as already published, so the relay never picks it up.
ALTER TABLE event_store ADD COLUMN private_event BOOLEAN NOT NULL DEFAULT FALSE;
