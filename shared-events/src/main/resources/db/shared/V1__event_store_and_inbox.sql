-- The event store of this service, which is also its transactional outbox.
CREATE TABLE event_store (
    id                BIGSERIAL PRIMARY KEY,
    event_id          UUID        NOT NULL UNIQUE,
    event_type        TEXT        NOT NULL,
    schema_version    INT         NOT NULL,
    aggregate_type    TEXT        NOT NULL,
    aggregate_id      TEXT        NOT NULL,
    aggregate_version BIGINT      NOT NULL,
    correlation_id    TEXT        NOT NULL,
    causation_id      TEXT,
    occurred_at       TIMESTAMPTZ NOT NULL,
    envelope          TEXT        NOT NULL,
    traceparent       TEXT,
    stored_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    published_at      TIMESTAMPTZ,
    CONSTRAINT event_store_aggregate_version UNIQUE (aggregate_id, aggregate_version)
);
-- The relay's work list: only unpublished rows, in commit order.
CREATE INDEX event_store_unpublished ON event_store (id) WHERE published_at IS NULL;

-- The idempotent-consumer record: every event this service handled, once.
CREATE TABLE processed_event (
    event_id     UUID        PRIMARY KEY,
    event_type   TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);
