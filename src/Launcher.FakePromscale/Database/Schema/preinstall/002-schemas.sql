-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/preinstall/002-schemas.sql
-- at tag 0.10.0: only the schemas the launcher and its tests touch (docs/promscale.md §10.2, §10.3).
CREATE SCHEMA _prom_catalog;
CREATE SCHEMA prom_api;
CREATE SCHEMA prom_data;
CREATE SCHEMA prom_data_series;
CREATE SCHEMA _ps_trace;
CREATE SCHEMA ps_trace;
GRANT USAGE ON SCHEMA _prom_catalog, prom_api, prom_data, prom_data_series, _ps_trace, ps_trace TO prom_reader;
