-- Which version of each read model's fold a service's tables hold. A service whose fold is newer
-- (or that never folded) rebuilds that model from its events at start (ReadModelStartup).
CREATE TABLE read_model_state (
    name       TEXT PRIMARY KEY,
    version    INT         NOT NULL,
    rebuilt_at TIMESTAMPTZ NOT NULL
);
