-- TEST STAND-IN — not TimescaleDB/Promscale; see src/Launcher.Tests/Support/Postgres/StandIn/README.md
-- stand-in revision: 1
-- The real release ships update scripts from 2.5.0 on; this one only lets ALTER EXTENSION UPDATE
-- move the version, since both stand-in versions create the same objects.

\echo Use "ALTER EXTENSION timescaledb UPDATE" to load this file. \quit
