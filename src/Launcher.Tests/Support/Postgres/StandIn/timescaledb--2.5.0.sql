-- TEST STAND-IN — not TimescaleDB/Promscale; see src/Launcher.Tests/Support/Postgres/StandIn/README.md
-- stand-in revision: 1
-- Stands in for TimescaleDB 2.5.0: only the signals a preflight reads, none of the features.

\echo Use "CREATE EXTENSION timescaledb" to load this file. \quit

-- The real loader defines timescaledb.max_background_workers only when the library is preloaded;
-- the stand-in cluster sets it as a placeholder in postgresql.conf instead. The real check ends
-- the session with FATAL; a script can only raise ERROR, so here the session survives.
DO $stand_in$
BEGIN
    IF current_setting('timescaledb.max_background_workers', true) IS NULL THEN
        -- The trusted script runs as the bootstrap superuser, so the real hint names the config file.
        RAISE EXCEPTION USING
            ERRCODE = 'XX000',
            MESSAGE = 'extension "timescaledb" must be preloaded',
            HINT = format(
                E'Please preload the timescaledb library via shared_preload_libraries.\n\n'
                || E'This can be done by editing the config file at: %1$s\n'
                || E'and adding \'timescaledb\' to the list in the shared_preload_libraries config.\n'
                || E'\t# Modify postgresql.conf:\n\tshared_preload_libraries = \'timescaledb\'\n\n'
                || E'Another way to do this, if not preloading other libraries, is with the command:\n'
                || E'\techo "shared_preload_libraries = \'timescaledb\'" >> %1$s \n\n'
                || E'(Will require a database restart.)\n\n',
                current_setting('config_file'));
    END IF;
END
$stand_in$;

CREATE SCHEMA _timescaledb_catalog;
CREATE SCHEMA _timescaledb_functions;
GRANT USAGE ON SCHEMA _timescaledb_catalog, _timescaledb_functions TO PUBLIC;

-- Real: reports whether the TSL module is loaded, which only a 'timescale' licence does.
CREATE FUNCTION _timescaledb_functions.tsl_loaded() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('timescaledb.license', true) = 'timescale', false) $$;

-- The real timescaledb.license GUC exists only in sessions of a database that has the extension.
-- The stand-in gets close with a database-level setting (new sessions) plus a session-level one
-- (this session). The licence is 'apache' unless the cluster sets timescaledb_stand_in.license.
DO $stand_in$
DECLARE
    license text := coalesce(current_setting('timescaledb_stand_in.license', true), 'apache');
BEGIN
    EXECUTE format('ALTER DATABASE %I SET timescaledb.license = %L', current_database(), license);
    PERFORM set_config('timescaledb.license', license, false);
    EXECUTE format(
        'COMMENT ON EXTENSION timescaledb IS %L',
        'Enables scalable inserts and complex queries for time-series data '
            || CASE license WHEN 'apache' THEN '(Apache 2 Edition)' ELSE '(Community Edition)' END);
END
$stand_in$;
