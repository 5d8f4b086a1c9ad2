-- The inbox retention job (InboxRetention) deletes rows by age, oldest first, in batches.
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
