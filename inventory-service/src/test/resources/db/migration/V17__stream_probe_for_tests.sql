-- Tests only: what the probe stream reader (StreamProbe) saw, one row per event per time it wrote
-- it, with no uniqueness, so an event counted twice shows as two rows.
CREATE TABLE stream_probe (
    stream_offset BIGINT NOT NULL,
    event_id      UUID   NOT NULL
);
