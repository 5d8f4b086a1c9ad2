-- Per stream reader (one per stream-fed read model), the offset in order-events.stream of the last
-- event its rows include: written in the same transaction as those rows (StreamReader).
CREATE TABLE stream_offset (
    reader        TEXT PRIMARY KEY,
    stream_offset BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
