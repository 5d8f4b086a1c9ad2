#!/bin/sh
# PostgreSQL's first start (docker-entrypoint-initdb.d, as the superuser): for each database in
# CHOREO_DATABASES, its owner role (<DB>_DB_OWNER_USER: owns the database, Flyway migrates as it)
# and its runtime role (<DB>_DB_USER: owns nothing; the service runs as it). The runtime role may
# connect and create temp tables; default privileges from the owner give it read/write rights on
# every table and sequence the migrations create (the services' afterMigrate callback grants the
# same after every migration). Used by docker compose and both Kubernetes overlays.
set -eu
for db in $CHOREO_DATABASES; do
  prefix=$(echo "$db" | tr '[:lower:]' '[:upper:]')
  eval "owner=\${${prefix}_DB_OWNER_USER} owner_password=\${${prefix}_DB_OWNER_PASSWORD}"
  eval "app=\${${prefix}_DB_USER} app_password=\${${prefix}_DB_PASSWORD}"
  echo "db-roles: database $db, owner $owner, runtime $app"
  psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname postgres \
    -v db="$db" -v owner="$owner" -v owner_password="$owner_password" \
    -v app="$app" -v app_password="$app_password" <<'SQL'
CREATE ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app";
SQL
  psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname "$db" \
    -v owner="$owner" -v app="$app" <<'SQL'
GRANT USAGE ON SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
SQL
done
