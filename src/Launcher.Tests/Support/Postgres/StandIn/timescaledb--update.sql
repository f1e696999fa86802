-- TEST STAND-IN — not TimescaleDB; see src/Launcher.Tests/Support/Postgres/StandIn/README.md
-- stand-in revision: 2
-- Installed by .ci/install-test-deps as every update script timescaledb--<old>--<new>.sql: the
-- version-dependent objects are redefined for the new version (pg_extension already shows it).

\echo Use "ALTER EXTENSION timescaledb UPDATE" to load this file. \quit

SELECT _timescaledb_functions.stand_in_define_versioned_api();
