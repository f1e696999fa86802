-- TEST STAND-IN — not TimescaleDB/Promscale; see src/Launcher.Tests/Support/Postgres/StandIn/README.md
-- stand-in revision: 2
-- Stands in for the Promscale database extension 0.8.0: only what the launcher and a fake
-- Promscale read, none of the features.

\echo Use "CREATE EXTENSION promscale" to load this file. \quit

CREATE SCHEMA _prom_ext;
-- Real: the installing user gets the prom_* roles that may use the schema; here, the owner does.
GRANT USAGE ON SCHEMA _prom_ext TO @extowner@;

-- Real: a C function returning the server's CPU count (Promscale sizes its writer pool with it).
CREATE FUNCTION _prom_ext.num_cpus() RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS 'SELECT 2';
