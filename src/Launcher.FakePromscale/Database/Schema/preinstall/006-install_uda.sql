-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/preinstall/006-install_uda.sql
-- at tag 0.10.0 (docs/promscale.md §10.2): Promscale schedules its own maintenance — two TimescaleDB jobs every
-- 30 minutes — only when TimescaleDB 2.x is created in the database under the Timescale licence. Never on Apache
-- (where add_job is refused), so never on Scalingo.

CREATE FUNCTION _prom_catalog.get_timescale_major_version() RETURNS int
    LANGUAGE sql STABLE
    AS $$ SELECT split_part(extversion, '.', 1)::int FROM pg_extension WHERE extname = 'timescaledb' $$;

-- false without TimescaleDB, as 0.10.0 answers.
CREATE FUNCTION _prom_catalog.is_timescaledb_oss() RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb') THEN
        RETURN false;
    END IF;
    RETURN current_setting('timescaledb.license') = 'apache';
END
$$;

-- Replaced by idempotent/maintenance.sql; it must exist for add_job.
CREATE PROCEDURE _prom_catalog.execute_maintenance_job(job_id int, config jsonb)
    LANGUAGE plpgsql
    AS $$ BEGIN RAISE 'fake-promscale: execute_maintenance_job stub'; END $$;

DO $fake$
BEGIN
    IF NOT _prom_catalog.is_timescaledb_oss() AND _prom_catalog.get_timescale_major_version() >= 2 THEN
        PERFORM public.add_job('_prom_catalog.execute_maintenance_job', interval '30 min');
        PERFORM public.add_job('_prom_catalog.execute_maintenance_job', interval '30 min');
    END IF;
END
$fake$;
