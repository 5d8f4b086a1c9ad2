-- Runs once, on the first start of the compose PostgreSQL: the services' role and one database each.
-- The password is an example for a local stack; set your own for anything else.
CREATE ROLE choreo LOGIN PASSWORD 'choreo';
CREATE DATABASE inventory OWNER choreo;
CREATE DATABASE payment OWNER choreo;
CREATE DATABASE shipping OWNER choreo;
CREATE DATABASE notification OWNER choreo;
