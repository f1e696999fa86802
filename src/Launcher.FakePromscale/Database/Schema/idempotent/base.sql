-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/idempotent/base.sql at
-- tag 0.10.0: settings, metric creation (the ingest path tests use to put samples in, docs/promscale.md §10.3) and
-- retention settings (§10.2), with the real names and signatures.

CREATE FUNCTION _prom_catalog.get_default_chunk_interval() RETURNS interval
    LANGUAGE sql STABLE
    AS $$ SELECT value::interval FROM _prom_catalog."default" WHERE key = 'chunk_interval' $$;

CREATE FUNCTION _prom_catalog.get_default_retention_period() RETURNS interval
    LANGUAGE sql STABLE
    AS $$ SELECT value::interval FROM _prom_catalog."default" WHERE key = 'retention_period' $$;

CREATE FUNCTION _prom_catalog.is_timescaledb_installed() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'timescaledb') $$;

-- Multi-node is read from timescaledb_information.data_nodes; where that view is gone (TimescaleDB >= 2.14) the
-- real function catches 42P01 and answers false, which is why metrics created after the install still work.
CREATE FUNCTION _prom_catalog.is_multinode() RETURNS boolean
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    distributed boolean := false;
BEGIN
    IF _prom_catalog.get_timescale_major_version() >= 2 THEN
        SELECT count(*) > 0 INTO distributed FROM timescaledb_information.data_nodes;
    END IF;
    RETURN distributed;
EXCEPTION WHEN undefined_table THEN
    RETURN false;
END
$$;

-- Chunk intervals get a +-0.5 % jitter so that chunks of different metrics do not end together.
CREATE FUNCTION _prom_catalog.get_staggered_chunk_interval(chunk_interval interval) RETURNS interval
    LANGUAGE sql VOLATILE
    AS $$ SELECT chunk_interval * (0.995 + random() * 0.01) $$;

-- Session advisory locks (12378, metric id): held across the procedure's COMMITs, left held by an error
-- until the session ends (docs/promscale.md §10.2).
CREATE FUNCTION _prom_catalog.lock_metric_for_maintenance(metric_id int, wait boolean = true) RETURNS boolean
    LANGUAGE plpgsql VOLATILE
    AS $$
BEGIN
    IF wait THEN
        PERFORM pg_advisory_lock(12378, metric_id);
        RETURN true;
    END IF;
    RETURN pg_try_advisory_lock(12378, metric_id);
END
$$;

CREATE FUNCTION _prom_catalog.unlock_metric_for_maintenance(metric_id int) RETURNS void
    LANGUAGE plpgsql VOLATILE
    AS $$ BEGIN PERFORM pg_advisory_unlock(12378, metric_id); END $$;

-- Table names: the metric name when shorter than 62 characters, else cut so that '_<id>' fits in 62.
CREATE FUNCTION _prom_catalog.pg_name_unique(full_name_arg text, suffix text) RETURNS name
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN char_length(full_name_arg) < 62 THEN full_name_arg
                ELSE left(full_name_arg, 62 - char_length(suffix) - 1) || '_' || suffix END::name
$$;

CREATE FUNCTION _prom_catalog.get_or_create_label_id(key_name text, value_name text) RETURNS int
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    label_id int;
BEGIN
    INSERT INTO _prom_catalog.label (key, value) VALUES (key_name, value_name)
        ON CONFLICT DO NOTHING RETURNING id INTO label_id;
    IF label_id IS NULL THEN
        SELECT id INTO STRICT label_id FROM _prom_catalog.label WHERE key = key_name AND value = value_name;
    END IF;
    RETURN label_id;
END
$$;

-- Fires on every new metric row: the data table, a hypertable when TimescaleDB is created in the database at
-- this moment (so metrics created after CREATE EXTENSION are hypertables, docs/promscale.md §10.1), and the
-- metric's series partition (attached later by finalize_metric_creation).
CREATE FUNCTION _prom_catalog.make_metric_table() RETURNS trigger
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_temp
    AS $$
DECLARE
    name_label int;
BEGIN
    EXECUTE format('CREATE TABLE prom_data.%I (time timestamptz NOT NULL, value double precision NOT NULL, series_id bigint NOT NULL)', NEW.table_name);
    EXECUTE format('CREATE UNIQUE INDEX %I ON prom_data.%I (series_id, time) INCLUDE (value)', 'data_series_id_time_' || NEW.id, NEW.table_name);
    EXECUTE format('GRANT SELECT ON prom_data.%I TO prom_reader', NEW.table_name);
    EXECUTE format('GRANT SELECT, INSERT ON prom_data.%I TO prom_writer', NEW.table_name);

    IF _prom_catalog.is_timescaledb_installed() THEN
        IF _prom_catalog.is_multinode() THEN
            RAISE EXCEPTION 'fake-promscale: multi-node TimescaleDB is not emulated';
        END IF;
        PERFORM public.create_hypertable(format('prom_data.%I', NEW.table_name)::regclass, 'time'::name,
            chunk_time_interval => _prom_catalog.get_staggered_chunk_interval(_prom_catalog.get_default_chunk_interval()),
            create_default_indexes => false);
        -- Compression (Timescale licence only) is not emulated.
    END IF;

    name_label := _prom_catalog.get_or_create_label_id('__name__', NEW.metric_name);
    EXECUTE format($ddl$
        CREATE TABLE prom_data_series.%1$I (
            id bigint NOT NULL PRIMARY KEY,
            metric_id int NOT NULL CHECK (metric_id = %3$s),
            labels prom_api.label_array NOT NULL CHECK (labels[1] = %2$s),
            delete_epoch bigint NULL DEFAULT NULL,
            UNIQUE (labels)
        )$ddl$, NEW.series_table, name_label, NEW.id);
    EXECUTE format('GRANT SELECT ON prom_data_series.%I TO prom_reader', NEW.series_table);
    EXECUTE format('GRANT SELECT, INSERT ON prom_data_series.%I TO prom_writer', NEW.series_table);
    RETURN NEW;
END
$$;

CREATE TRIGGER make_metric_table_trigger AFTER INSERT ON _prom_catalog.metric
    FOR EACH ROW EXECUTE FUNCTION _prom_catalog.make_metric_table();

CREATE FUNCTION _prom_catalog.create_metric_table(metric_name_arg text, OUT id int, OUT table_name name)
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    new_id int := nextval(pg_get_serial_sequence('_prom_catalog.metric', 'id'))::int;
    new_name name := _prom_catalog.pg_name_unique(metric_name_arg, new_id::text);
BEGIN
    INSERT INTO _prom_catalog.metric (id, metric_name, table_name, series_table)
        VALUES (new_id, metric_name_arg, new_name, new_name)
        ON CONFLICT DO NOTHING
        RETURNING metric.id, metric.table_name INTO id, table_name;
    IF id IS NULL THEN
        SELECT m.id, m.table_name INTO STRICT id, table_name
            FROM _prom_catalog.metric m WHERE m.metric_name = metric_name_arg AND m.table_schema = 'prom_data';
    END IF;
END
$$;

-- The entry point of ingest (docs/promscale.md §10.3): creates the metric, its data table and series table.
CREATE FUNCTION _prom_catalog.get_or_create_metric_table_name(metric_name text, OUT id int, OUT table_name name, OUT possibly_new boolean)
    LANGUAGE sql VOLATILE
    AS $$
    SELECT m.id, m.table_name, false FROM _prom_catalog.metric m
        WHERE m.metric_name = get_or_create_metric_table_name.metric_name AND m.table_schema = 'prom_data'
    UNION ALL
    SELECT c.id, c.table_name, true FROM _prom_catalog.create_metric_table(get_or_create_metric_table_name.metric_name) c
    LIMIT 1
$$;

-- Attaches each new metric's series table to _prom_catalog.series, one metric per transaction.
CREATE PROCEDURE _prom_catalog.finalize_metric_creation()
    LANGUAGE plpgsql
    AS $$
DECLARE
    pending _prom_catalog.metric;
BEGIN
    FOR pending IN SELECT * FROM _prom_catalog.metric WHERE NOT creation_completed LOOP
        UPDATE _prom_catalog.metric SET creation_completed = true WHERE id = pending.id AND NOT creation_completed;
        IF FOUND THEN
            EXECUTE format('ALTER TABLE _prom_catalog.series ATTACH PARTITION prom_data_series.%I FOR VALUES IN (%s)', pending.series_table, pending.id);
        END IF;
        COMMIT;
    END LOOP;
END
$$;

CREATE FUNCTION _prom_catalog.get_metric_table_name_if_exists(schema_name text, metric_name text)
    RETURNS TABLE (id int, table_name name, table_schema name, series_table name, is_view boolean)
    LANGUAGE sql STABLE
    AS $$
    SELECT m.id, m.table_name, m.table_schema, m.series_table, m.is_view FROM _prom_catalog.metric m
        WHERE m.table_schema = get_metric_table_name_if_exists.schema_name AND m.metric_name = get_metric_table_name_if_exists.metric_name
$$;

CREATE FUNCTION _prom_catalog.get_metric_retention_period(schema_name text, metric_name text) RETURNS interval
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(
        (SELECT m.retention_period FROM _prom_catalog.metric m
            WHERE m.table_schema = get_metric_retention_period.schema_name AND m.metric_name = get_metric_retention_period.metric_name),
        _prom_catalog.get_default_retention_period())
$$;

CREATE FUNCTION _prom_catalog.get_metric_retention_period(metric_name text) RETURNS interval
    LANGUAGE sql STABLE
    AS $$ SELECT _prom_catalog.get_metric_retention_period('prom_data', metric_name) $$;

CREATE FUNCTION prom_api.set_default_retention_period(retention_period interval) RETURNS boolean
    LANGUAGE sql VOLATILE
    AS $$
    INSERT INTO _prom_catalog."default" (key, value) VALUES ('retention_period', retention_period::text)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    SELECT true;
$$;

-- Creates the metric if needed, so that a retention can be set before any sample arrives.
CREATE FUNCTION prom_api.set_metric_retention_period(metric_name text, new_retention_period interval) RETURNS boolean
    LANGUAGE sql VOLATILE
    AS $$
    SELECT FROM _prom_catalog.get_or_create_metric_table_name(set_metric_retention_period.metric_name);
    UPDATE _prom_catalog.metric m SET retention_period = new_retention_period
        WHERE m.table_schema = 'prom_data' AND m.metric_name = set_metric_retention_period.metric_name;
    SELECT true;
$$;

GRANT EXECUTE ON FUNCTION prom_api.set_default_retention_period(interval), prom_api.set_metric_retention_period(text, interval) TO prom_admin;
