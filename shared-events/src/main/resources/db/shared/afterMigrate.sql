-- Flyway callback: runs after every migrate, as the owner of the database (quarkus.flyway.username).
-- The service runs as another role (quarkus.datasource.username, the placeholder runtime_role)
-- that owns nothing: it may read and write every table and use every sequence, nothing more
-- (no DDL, no TRUNCATE; TEMP on the database is granted to PUBLIC by default, and the projection
-- rebuild's LOCK TABLE works with UPDATE/DELETE rights). Default privileges cover the tables later
-- migrations create. Nothing to do when both are the same role (the tests).
DO $$
DECLARE
    runtime_role text := '${runtime_role}';
BEGIN
    IF runtime_role = '' OR runtime_role = current_user THEN
        RETURN;
    END IF;
    -- Replicas starting together would otherwise grant at once ("tuple concurrently updated").
    PERFORM pg_advisory_xact_lock(hashtext('choreo.afterMigrate.grants'));
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), runtime_role);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO %I', runtime_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I', runtime_role);
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I', runtime_role);
    -- The migration history is the owner's alone.
    EXECUTE format('REVOKE ALL ON TABLE flyway_schema_history FROM %I', runtime_role);
END
$$;
