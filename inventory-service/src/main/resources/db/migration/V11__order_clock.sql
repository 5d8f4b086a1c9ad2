-- The order timeout counts only time in which an order could have moved. The sweeper ticks on
-- the database clock while inventory reaches its database and the broker; a gap between two
-- ticks longer than a few check intervals was an outage (of the database, the broker, or every
-- inventory replica), recorded here, and every order's deadline moves back by the part of each
-- outage that fell after it was placed.
CREATE TABLE order_clock (
    id        INT         PRIMARY KEY CHECK (id = 1),
    last_tick TIMESTAMPTZ NOT NULL
);
INSERT INTO order_clock (id, last_tick) VALUES (1, now());

CREATE TABLE order_clock_outage (
    started_at TIMESTAMPTZ PRIMARY KEY,
    ended_at   TIMESTAMPTZ NOT NULL CHECK (ended_at >= started_at)
);
