-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/idempotent/maintenance.sql
-- at tag 0.10.0 (docs/promscale.md §10.2): data retention per metric, then trace retention, with the real
-- transaction structure — a PROCEDURE that COMMITs (so CALL fails inside a transaction block), one metric at a
-- time under a session advisory lock. With TimescaleDB created it drops whole chunks (drop_chunks on the
-- hypertable); without it, it DELETEs the rows older than the retention, as 0.10.0 does.

-- The hypertable storing a metric, from TimescaleDB's catalog: no row for a plain table. PL/pgSQL, checked when
-- called: a LANGUAGE sql body naming TimescaleDB's catalog could not be created without TimescaleDB.
CREATE FUNCTION _prom_catalog.get_storage_hypertable_info(metric_schema_name text, metric_table_name text, is_view boolean)
    RETURNS TABLE (id int, hypertable_relation text)
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN QUERY
        SELECT h.id, format('%I.%I', h.schema_name, h.table_name)
        FROM _timescaledb_catalog.hypertable h
        WHERE NOT is_view AND h.schema_name = metric_schema_name AND h.table_name = metric_table_name;
END
$$;

-- Without TimescaleDB every metric may hold old rows; with it, the metrics whose hypertable has a chunk wholly
-- older than the metric's retention (a plain metric table has no hypertable: never trimmed, as in 0.10.0).
CREATE FUNCTION _prom_catalog.get_metrics_that_need_drop_chunk() RETURNS SETOF _prom_catalog.metric
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF NOT _prom_catalog.is_timescaledb_installed() THEN
        RETURN QUERY SELECT m.* FROM _prom_catalog.metric m WHERE NOT m.is_view ORDER BY random();
        RETURN;
    END IF;
    RETURN QUERY
        SELECT m.* FROM _prom_catalog.metric m
        WHERE EXISTS (
            SELECT FROM _prom_catalog.get_storage_hypertable_info(m.table_schema, m.table_name, m.is_view) info,
                LATERAL public.show_chunks(info.hypertable_relation::regclass,
                    older_than => now() - _prom_catalog.get_metric_retention_period(m.table_schema, m.metric_name)))
        ORDER BY random();
END
$$;

CREATE FUNCTION _prom_catalog.drop_metric_chunk_data(schema_name text, metric_name text, older_than timestamptz) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_temp
    AS $$
DECLARE
    target record;
BEGIN
    SELECT * INTO STRICT target FROM _prom_catalog.get_metric_table_name_if_exists(schema_name, metric_name);
    IF _prom_catalog.is_timescaledb_installed() THEN
        PERFORM public.drop_chunks(format('%I.%I', target.table_schema, target.table_name)::regclass, older_than => older_than);
    ELSE
        EXECUTE format('DELETE FROM %I.%I WHERE time < %L', target.table_schema, target.table_name, older_than);
    END IF;
END
$$;

-- Series with no sample left at or after the cut-off get the next epoch (dead); they are not deleted here.
CREATE FUNCTION _prom_catalog.mark_unused_series(metric_schema text, metric_table text, series_table text, older_than timestamptz) RETURNS void
    LANGUAGE plpgsql VOLATILE
    AS $$
BEGIN
    EXECUTE format($sql$
        UPDATE prom_data_series.%I s SET delete_epoch = e.current_epoch + 1
        FROM _prom_catalog.ids_epoch e
        WHERE s.delete_epoch IS NULL
          AND NOT EXISTS (SELECT FROM %I.%I d WHERE d.series_id = s.id AND d.time >= %L)$sql$,
        series_table, metric_schema, metric_table, older_than);
END
$$;

-- One metric, in separate transactions: find the cut-off, mark dead series, drop the data.
CREATE PROCEDURE _prom_catalog.drop_metric_chunks(schema_name text, metric_name text, older_than timestamptz, ran_at timestamptz = now(), log_verbose boolean = false)
    LANGUAGE plpgsql
    AS $$
DECLARE
    target record;
BEGIN
    SELECT * INTO STRICT target FROM _prom_catalog.get_metric_table_name_if_exists(schema_name, metric_name);
    PERFORM set_config('application_name', format('promscale maintenance: data retention: metric %s', metric_name), false);

    -- Transaction 1: narrow the cut-off to the end of the newest chunk that ends before it, from TimescaleDB's
    -- catalog (NULL: nothing to drop). On TimescaleDB >= 2.12 the deprecated _timescaledb_internal helpers warn per
    -- chunk examined (docs/promscale.md §10.2).
    IF _prom_catalog.is_timescaledb_installed() THEN
        SELECT _timescaledb_internal.to_timestamp(slice.range_end) INTO older_than
        FROM _prom_catalog.get_storage_hypertable_info(target.table_schema, target.table_name, target.is_view) info
            JOIN _timescaledb_catalog.dimension dim ON dim.hypertable_id = info.id
                AND dim.id = (SELECT min(d.id) FROM _timescaledb_catalog.dimension d WHERE d.hypertable_id = info.id)
            JOIN _timescaledb_catalog.dimension_slice slice ON slice.dimension_id = dim.id
            JOIN _timescaledb_catalog.chunk_constraint cc ON cc.dimension_slice_id = slice.id
            JOIN _timescaledb_catalog.chunk chunk ON chunk.id = cc.chunk_id
        WHERE slice.range_end <= _timescaledb_internal.to_unix_microseconds(older_than)
        ORDER BY slice.range_end DESC
        LIMIT 1;
    END IF;
    COMMIT;

    IF older_than IS NULL THEN
        RETURN;
    END IF;

    PERFORM _prom_catalog.mark_unused_series(target.table_schema, target.table_name, target.series_table, older_than);
    COMMIT;

    PERFORM _prom_catalog.drop_metric_chunk_data(target.table_schema, metric_name, older_than);
    COMMIT;
END
$$;

-- Two passes: metrics whose lock is free, then the others, waiting for their locks.
CREATE PROCEDURE _prom_catalog.execute_data_retention_policy(log_verbose boolean)
    LANGUAGE plpgsql
    AS $$
DECLARE
    candidate _prom_catalog.metric;
    waiting _prom_catalog.metric[] := '{}';
BEGIN
    FOR candidate IN SELECT * FROM _prom_catalog.get_metrics_that_need_drop_chunk() LOOP
        IF NOT _prom_catalog.lock_metric_for_maintenance(candidate.id, wait => false) THEN
            waiting := waiting || candidate;
            CONTINUE;
        END IF;
        CALL _prom_catalog.drop_metric_chunks(candidate.table_schema, candidate.metric_name,
            now() - _prom_catalog.get_metric_retention_period(candidate.table_schema, candidate.metric_name), log_verbose => log_verbose);
        PERFORM _prom_catalog.unlock_metric_for_maintenance(candidate.id);
        COMMIT;
    END LOOP;

    FOR candidate IN SELECT * FROM unnest(waiting) LOOP
        PERFORM _prom_catalog.lock_metric_for_maintenance(candidate.id);
        CALL _prom_catalog.drop_metric_chunks(candidate.table_schema, candidate.metric_name,
            now() - _prom_catalog.get_metric_retention_period(candidate.table_schema, candidate.metric_name), log_verbose => log_verbose);
        PERFORM _prom_catalog.unlock_metric_for_maintenance(candidate.id);
        COMMIT;
    END LOOP;
END
$$;

CREATE FUNCTION ps_trace.get_trace_retention_period() RETURNS interval
    LANGUAGE sql STABLE
    AS $$ SELECT value::interval FROM _prom_catalog."default" WHERE key = 'trace_retention_period' $$;

-- Each trace table in its own transaction; a failure is a WARNING, not an error. With TimescaleDB created after the
-- plain install the trace tables stay plain, so drop_chunks refuses them: three warnings per run (§10.1).
CREATE PROCEDURE _ps_trace.execute_data_retention_policy(log_verbose boolean)
    LANGUAGE plpgsql
    AS $$
DECLARE
    older_than timestamptz := now() - ps_trace.get_trace_retention_period();
    trace_table record;
    started timestamptz;
    failure text;
    failure_detail text;
    failure_hint text;
BEGIN
    FOR trace_table IN SELECT * FROM (VALUES (1, 'link', 'span_start_time'), (2, 'event', 'time'), (3, 'span', 'start_time')) AS t(ord, name, time_column) ORDER BY ord LOOP
        started := clock_timestamp();
        BEGIN
            IF _prom_catalog.is_timescaledb_installed() THEN
                PERFORM public.drop_chunks(format('_ps_trace.%I', trace_table.name)::regclass, older_than => older_than);
            ELSE
                EXECUTE format('DELETE FROM _ps_trace.%I WHERE %I < %L', trace_table.name, trace_table.time_column, older_than);
            END IF;
        EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS failure = MESSAGE_TEXT, failure_detail = PG_EXCEPTION_DETAIL, failure_hint = PG_EXCEPTION_HINT;
            RAISE WARNING 'promscale maintenance: data retention: tracing: failed to delete % data. % % % %',
                trace_table.name, failure, failure_detail, failure_hint, clock_timestamp() - started;
        END;
        COMMIT;
    END LOOP;
END
$$;

-- The public entry point (docs/promscale.md §10.2). Compression, which 0.10.0 runs here on the Timescale licence
-- only, is not emulated.
CREATE PROCEDURE prom_api.execute_maintenance(log_verbose boolean = false)
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM set_config('application_name', 'promscale maintenance: data retention', false);
    CALL _prom_catalog.execute_data_retention_policy(log_verbose => log_verbose);
    CALL _ps_trace.execute_data_retention_policy(log_verbose => log_verbose);
END
$$;

GRANT EXECUTE ON PROCEDURE prom_api.execute_maintenance(boolean) TO prom_maintenance;

-- What the jobs of preinstall/006-install_uda.sql run (Timescale licence only).
CREATE OR REPLACE PROCEDURE _prom_catalog.execute_maintenance_job(job_id int, config jsonb)
    LANGUAGE plpgsql
    AS $$
BEGIN
    CALL prom_api.execute_maintenance(log_verbose => coalesce(config ->> 'log_verbose', 'false')::boolean);
END
$$;
