-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/preinstall/001-users.sql
-- at tag 0.10.0 (docs/promscale.md §3.5): the connector creates the five roles itself, so the connecting user
-- needs CREATEROLE even when they exist (PostgreSQL checks the privilege before it notices the duplicate).
DO $fake$
DECLARE
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY['prom_reader', 'prom_writer', 'prom_modifier', 'prom_admin', 'prom_maintenance'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I', role_name);
        EXCEPTION WHEN duplicate_object THEN
            RAISE NOTICE 'role % already exists, skipping create', role_name;
        END;
    END LOOP;
END
$fake$;

GRANT prom_reader TO prom_writer;
GRANT prom_reader TO prom_maintenance;
GRANT prom_writer TO prom_modifier;
GRANT prom_modifier TO prom_admin;
GRANT prom_maintenance TO prom_admin;
