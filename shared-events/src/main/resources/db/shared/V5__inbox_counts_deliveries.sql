-- How often each event was delivered here: a redelivery or duplicate counts without a second
-- effect, so an operator (and a test) can see that it arrived and was recognised.
-- Versions are one sequence across db/shared and each service's db/migration: the next free
-- number above every service's migrations.
ALTER TABLE processed_event ADD COLUMN deliveries INT NOT NULL DEFAULT 1;
