-- TEST STAND-IN — not TimescaleDB; see src/Launcher.Tests/Support/Postgres/StandIn/README.md
-- stand-in revision: 2
-- The one script of every stand-in TimescaleDB version: .ci/install-test-deps installs it as
-- timescaledb--<version>.sql for each version it offers. What differs between real versions
-- (multi-node objects before 2.14, function signatures, view columns) is decided from the version
-- being created, by _timescaledb_functions.stand_in_define_versioned_api() below.
-- Written here from the behaviour recorded in docs/timescaledb.md and docs/promscale.md §10; no
-- TimescaleDB code. Hypertables are plain tables whose rows a trigger routes into inheritance
-- children ("chunks") with a CHECK on their time range.

\echo Use "CREATE EXTENSION timescaledb" to load this file. \quit

-- The trusted script runs as the bootstrap superuser, so these schemas belong to it, not to the
-- app user who ran CREATE EXTENSION (docs/timescaledb.md, corrections box).
CREATE SCHEMA _timescaledb_catalog;
CREATE SCHEMA _timescaledb_functions;
CREATE SCHEMA _timescaledb_internal;
CREATE SCHEMA _timescaledb_config;
CREATE SCHEMA _timescaledb_cache;
CREATE SCHEMA timescaledb_information;
CREATE SCHEMA timescaledb_experimental;
GRANT USAGE ON SCHEMA _timescaledb_catalog, _timescaledb_functions, _timescaledb_internal, _timescaledb_config,
    _timescaledb_cache, timescaledb_information, timescaledb_experimental TO PUBLIC;

-- Preload: on the private PostgreSQL 15 the native stand-in library (native/timescaledb_stand_in.c,
-- installed as $libdir/timescaledb) exists; loading it here when it was not preloaded ends the session
-- with FATAL "must be preloaded", as the real loader does. Elsewhere (PostgreSQL 14 and 17 from npm,
-- no server headers) there is no library: an SQL function looks for the loader's setting, which the
-- test cluster sets as a placeholder, and can only raise ERROR.
DO $stand_in$
BEGIN
    CREATE FUNCTION _timescaledb_functions.stand_in_loader_present() RETURNS boolean
        AS '$libdir/timescaledb', 'ts_stand_in_loader_present' LANGUAGE C VOLATILE;
EXCEPTION WHEN undefined_file THEN
    CREATE FUNCTION _timescaledb_functions.stand_in_loader_present() RETURNS boolean
        LANGUAGE plpgsql VOLATILE
        AS $body$
        BEGIN
            IF current_setting('timescaledb.max_background_workers', true) IS NULL THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'XX000',
                    MESSAGE = 'extension "timescaledb" must be preloaded',
                    HINT = CASE WHEN pg_has_role('pg_read_all_settings', 'USAGE') THEN format(
                        E'Please preload the timescaledb library via shared_preload_libraries.\n\n'
                        || E'This can be done by editing the config file at: %1$s\n'
                        || E'and adding \'timescaledb\' to the list in the shared_preload_libraries config.\n'
                        || E'\t# Modify postgresql.conf:\n\tshared_preload_libraries = \'timescaledb\'\n\n'
                        || E'Another way to do this, if not preloading other libraries, is with the command:\n'
                        || E'\techo "shared_preload_libraries = \'timescaledb\'" >> %1$s \n\n'
                        || E'(Will require a database restart.)\n\n',
                        current_setting('config_file'))
                    ELSE
                        E'Please preload the timescaledb library via shared_preload_libraries.\n\n'
                        || E'This can be done by editing the postgres config file \n'
                        || E'and adding \'timescaledb\' to the list in the shared_preload_libraries config.\n'
                        || E'\t# Modify postgresql.conf:\n\tshared_preload_libraries = \'timescaledb\'\n\n'
                        || E'Another way to do this, if not preloading other libraries, is with the command:\n'
                        || E'\techo "shared_preload_libraries = \'timescaledb\'" >> /path/to/config/file \n\n'
                        || E'(Will require a database restart.)\n\n'
                    END;
            END IF;
            RETURN true;
        END
        $body$;
END
$stand_in$;

SELECT _timescaledb_functions.stand_in_loader_present();

-- True when the native library answered above: it then defines timescaledb.license itself.
CREATE FUNCTION _timescaledb_functions.stand_in_is_native() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT prolang = (SELECT oid FROM pg_language WHERE lanname = 'c') FROM pg_proc
          WHERE oid = '_timescaledb_functions.stand_in_loader_present()'::regprocedure $$;

-- The version being created or updated to (pg_extension has it while the script runs).
CREATE FUNCTION _timescaledb_functions.stand_in_version_at_least(wanted text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT string_to_array(extversion, '.')::int[] >= string_to_array(wanted, '.')::int[]
          FROM pg_extension WHERE extname = 'timescaledb' $$;

-- Catalog: the tables the real views read, with the columns the stand-in fills.
CREATE TABLE _timescaledb_catalog.hypertable (
    id serial PRIMARY KEY,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    associated_schema_name name NOT NULL,
    associated_table_prefix name NOT NULL,
    num_dimensions smallint NOT NULL,
    chunk_sizing_func_schema name NOT NULL DEFAULT '_timescaledb_functions',
    chunk_sizing_func_name name NOT NULL DEFAULT 'calculate_chunk_interval',
    chunk_target_size bigint NOT NULL DEFAULT 0,
    compression_state smallint NOT NULL DEFAULT 0,
    compressed_hypertable_id integer,
    status integer NOT NULL DEFAULT 0,
    UNIQUE (schema_name, table_name));

CREATE TABLE _timescaledb_catalog.dimension (
    id serial PRIMARY KEY,
    hypertable_id integer NOT NULL REFERENCES _timescaledb_catalog.hypertable (id) ON DELETE CASCADE,
    column_name name NOT NULL,
    column_type regtype NOT NULL,
    aligned boolean NOT NULL,
    num_slices smallint,
    partitioning_func_schema name,
    partitioning_func name,
    interval_length bigint,
    compress_interval_length bigint,
    integer_now_func_schema name,
    integer_now_func name,
    UNIQUE (hypertable_id, column_name));

CREATE TABLE _timescaledb_catalog.dimension_slice (
    id serial PRIMARY KEY,
    dimension_id integer NOT NULL REFERENCES _timescaledb_catalog.dimension (id) ON DELETE CASCADE,
    range_start bigint NOT NULL,
    range_end bigint NOT NULL,
    UNIQUE (dimension_id, range_start, range_end));

CREATE TABLE _timescaledb_catalog.chunk (
    id serial PRIMARY KEY,
    hypertable_id integer NOT NULL REFERENCES _timescaledb_catalog.hypertable (id) ON DELETE CASCADE,
    schema_name name NOT NULL,
    table_name name NOT NULL,
    compressed_chunk_id integer,
    dropped boolean NOT NULL DEFAULT false,
    status integer NOT NULL DEFAULT 0,
    osm_chunk boolean NOT NULL DEFAULT false,
    creation_time timestamptz NOT NULL DEFAULT now(),
    UNIQUE (schema_name, table_name));

CREATE TABLE _timescaledb_catalog.chunk_constraint (
    chunk_id integer NOT NULL REFERENCES _timescaledb_catalog.chunk (id) ON DELETE CASCADE,
    dimension_slice_id integer REFERENCES _timescaledb_catalog.dimension_slice (id),
    constraint_name name NOT NULL,
    hypertable_constraint_name name,
    UNIQUE (chunk_id, constraint_name));

CREATE TABLE _timescaledb_catalog.tablespace (
    id serial PRIMARY KEY,
    hypertable_id integer NOT NULL REFERENCES _timescaledb_catalog.hypertable (id) ON DELETE CASCADE,
    tablespace_name name NOT NULL);

CREATE TABLE _timescaledb_config.bgw_job (
    id integer PRIMARY KEY,
    application_name name NOT NULL,
    schedule_interval interval NOT NULL,
    max_runtime interval NOT NULL,
    max_retries integer NOT NULL,
    retry_period interval NOT NULL,
    proc_schema name NOT NULL,
    proc_name name NOT NULL,
    owner regrole NOT NULL DEFAULT current_role::regrole,
    scheduled boolean NOT NULL DEFAULT true,
    fixed_schedule boolean NOT NULL DEFAULT true,
    initial_start timestamptz,
    hypertable_id integer REFERENCES _timescaledb_catalog.hypertable (id) ON DELETE CASCADE,
    config jsonb,
    check_schema name,
    check_name name,
    timezone text);
CREATE SEQUENCE _timescaledb_config.bgw_job_id_seq MINVALUE 1000;
-- The real extension installs its telemetry job as job 1; no scheduler runs here.
INSERT INTO _timescaledb_config.bgw_job (id, application_name, schedule_interval, max_runtime, max_retries,
    retry_period, proc_schema, proc_name, owner, scheduled, fixed_schedule)
VALUES (1, 'Telemetry Reporter [1]', '24 hours', '100 seconds', -1, '1 hour', '_timescaledb_functions',
    'policy_telemetry', 'pg_database_owner'::regrole, true, true);

GRANT SELECT ON ALL TABLES IN SCHEMA _timescaledb_catalog, _timescaledb_config TO PUBLIC;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA _timescaledb_catalog, _timescaledb_config TO PUBLIC;

-- Time values as the real catalog stores them: microseconds since the Unix epoch.
CREATE FUNCTION _timescaledb_functions.to_unix_microseconds(ts timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT floor(extract(epoch FROM ts) * 1000000)::bigint $$;

CREATE FUNCTION _timescaledb_functions.to_timestamp(unixtime_us bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT 'epoch'::timestamptz + unixtime_us * interval '1 microsecond' $$;

CREATE FUNCTION _timescaledb_functions.to_interval(unixtime_us bigint) RETURNS interval
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT unixtime_us * interval '1 microsecond' $$;

-- Named by create_hypertable's defaults; adaptive chunking and hash partitioning are not reproduced.
CREATE FUNCTION _timescaledb_functions.calculate_chunk_interval(dimension_id integer, dimension_coord bigint,
    chunk_target_size bigint) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT interval_length FROM _timescaledb_catalog.dimension WHERE id = dimension_id $$;
CREATE FUNCTION _timescaledb_internal.calculate_chunk_interval(dimension_id integer, dimension_coord bigint,
    chunk_target_size bigint) RETURNS bigint
    LANGUAGE sql STABLE
    AS $$ SELECT _timescaledb_functions.calculate_chunk_interval(dimension_id, dimension_coord, chunk_target_size) $$;
CREATE FUNCTION _timescaledb_functions.get_partition_hash(val anyelement) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT abs(hashtext(val::text)) $$;

-- Real: whether the TSL module is loaded, which only the 'timescale' licence does.
CREATE FUNCTION _timescaledb_functions.tsl_loaded() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$ SELECT coalesce(current_setting('timescaledb.license', true) = 'timescale', false) $$;

-- Converts a time argument of show_chunks/drop_chunks (a point, or an interval before now) to the
-- internal value of a dimension of type column_type.
CREATE FUNCTION _timescaledb_functions.stand_in_time_value(value anyelement, column_type regtype, argument text)
    RETURNS bigint
    LANGUAGE plpgsql STABLE
    AS $$
    DECLARE
        value_type regtype := pg_typeof(value);
    BEGIN
        IF value IS NULL THEN
            RETURN NULL;
        END IF;
        IF column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            IF value_type = 'interval'::regtype THEN
                RETURN _timescaledb_functions.to_unix_microseconds(now() - value::text::interval);
            ELSIF value_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
                RETURN _timescaledb_functions.to_unix_microseconds(value::text::timestamptz);
            END IF;
        ELSIF value_type IN ('smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
            RETURN value::text::bigint;
        END IF;
        RAISE EXCEPTION 'invalid time argument type "%"', value_type
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('Try casting the argument to "%s".',
                      CASE WHEN column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
                          THEN 'interval' ELSE column_type::text END),
                  DETAIL = format('Argument %s of a hypertable whose time column is %s.', argument, column_type);
    END
    $$;

-- The chunk holding a time value: found, or created with its slice, CHECK constraint and catalog rows.
-- SECURITY DEFINER: chunks live in _timescaledb_internal, where only the bootstrap superuser may create.
CREATE FUNCTION _timescaledb_functions.stand_in_chunk_for(ht_id integer, time_value bigint) RETURNS regclass
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    -- CREATE TABLE ... INHERITS announces each merged column.
    SET client_min_messages = warning
    AS $$
    DECLARE
        ht _timescaledb_catalog.hypertable;
        dim _timescaledb_catalog.dimension;
        found_chunk regclass;
        slice_start bigint;
        slice_end bigint;
        slice_id integer;
        chunk_id integer;
        chunk_name name;
        owner name;
        check_sql text;
    BEGIN
        SELECT c.schema_name, c.table_name INTO ht.schema_name, ht.table_name
        FROM _timescaledb_catalog.chunk c
            JOIN _timescaledb_catalog.chunk_constraint cc ON cc.chunk_id = c.id
            JOIN _timescaledb_catalog.dimension_slice s ON s.id = cc.dimension_slice_id
            JOIN _timescaledb_catalog.dimension d ON d.id = s.dimension_id AND d.interval_length IS NOT NULL
        WHERE c.hypertable_id = ht_id AND NOT c.dropped AND s.range_start <= time_value AND time_value < s.range_end;
        IF FOUND THEN
            RETURN format('%I.%I', ht.schema_name, ht.table_name)::regclass;
        END IF;

        SELECT * INTO STRICT ht FROM _timescaledb_catalog.hypertable WHERE id = ht_id;
        SELECT * INTO STRICT dim FROM _timescaledb_catalog.dimension
        WHERE hypertable_id = ht_id AND interval_length IS NOT NULL ORDER BY id LIMIT 1;
        -- Aligned on multiples of the interval from the epoch, as the real chunks are.
        slice_start := floor(time_value::numeric / dim.interval_length)::bigint * dim.interval_length;
        slice_end := slice_start + dim.interval_length;
        INSERT INTO _timescaledb_catalog.dimension_slice (dimension_id, range_start, range_end)
        VALUES (dim.id, slice_start, slice_end)
        ON CONFLICT (dimension_id, range_start, range_end) DO UPDATE SET range_start = EXCLUDED.range_start
        RETURNING id INTO slice_id;
        chunk_id := nextval(pg_get_serial_sequence('_timescaledb_catalog.chunk', 'id'));
        chunk_name := format('%s_%s_chunk', ht.associated_table_prefix, chunk_id);
        SELECT tableowner INTO owner FROM pg_tables WHERE schemaname = ht.schema_name AND tablename = ht.table_name;

        IF dim.column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            check_sql := format('%1$I >= %2$L::%4$s AND %1$I < %3$L::%4$s', dim.column_name,
                _timescaledb_functions.to_timestamp(slice_start), _timescaledb_functions.to_timestamp(slice_end),
                dim.column_type);
        ELSE
            check_sql := format('%1$I >= %2$s AND %1$I < %3$s', dim.column_name, slice_start, slice_end);
        END IF;
        EXECUTE format(
            'CREATE TABLE %1$I.%2$I (LIKE %3$I.%4$I INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES,'
                || ' CONSTRAINT %5$I CHECK (%6$s)) INHERITS (%3$I.%4$I)',
            ht.associated_schema_name, chunk_name, ht.schema_name, ht.table_name,
            'constraint_' || slice_id, check_sql);
        EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', ht.associated_schema_name, chunk_name, owner);
        INSERT INTO _timescaledb_catalog.chunk (id, hypertable_id, schema_name, table_name)
        VALUES (chunk_id, ht_id, ht.associated_schema_name, chunk_name);
        INSERT INTO _timescaledb_catalog.chunk_constraint (chunk_id, dimension_slice_id, constraint_name)
        VALUES (chunk_id, slice_id, 'constraint_' || slice_id);
        RETURN format('%I.%I', ht.associated_schema_name, chunk_name)::regclass;
    END
    $$;
GRANT EXECUTE ON FUNCTION _timescaledb_functions.stand_in_chunk_for(integer, bigint) TO PUBLIC;

-- Routes each row inserted into a hypertable into its chunk (the real extension does it in its
-- planner hooks). Stand-in limits: the row lands in the chunk and the statement reports 0 rows for
-- the hypertable (RETURNING too); a duplicate of a unique index is skipped, as ON CONFLICT DO NOTHING.
CREATE FUNCTION _timescaledb_functions.stand_in_route_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    DECLARE
        ht_id integer := TG_ARGV[0]::integer;
        time_column name := TG_ARGV[1];
        column_type regtype := TG_ARGV[2]::regtype;
        time_value bigint;
        chunk regclass;
    BEGIN
        PERFORM _timescaledb_functions.stand_in_loader_present();
        IF column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
            EXECUTE format('SELECT _timescaledb_functions.to_unix_microseconds(($1).%I::timestamptz)', time_column)
                INTO time_value USING NEW;
        ELSE
            EXECUTE format('SELECT ($1).%I::bigint', time_column) INTO time_value USING NEW;
        END IF;
        IF time_value IS NULL THEN
            RAISE EXCEPTION 'NULL value in column "%" violates not-null constraint', time_column
                USING ERRCODE = 'not_null_violation', HINT = 'Columns used for time partitioning cannot be NULL.';
        END IF;
        chunk := _timescaledb_functions.stand_in_chunk_for(ht_id, time_value);
        EXECUTE format('INSERT INTO %s SELECT ($1).* ON CONFLICT DO NOTHING', chunk) USING NEW;
        RETURN NULL;
    END
    $$;

-- The hypertable a relation is, or NULL.
CREATE FUNCTION _timescaledb_functions.stand_in_hypertable_of(relation regclass) RETURNS _timescaledb_catalog.hypertable
    LANGUAGE sql STABLE
    AS $$ SELECT h.* FROM _timescaledb_catalog.hypertable h
          JOIN pg_class c ON c.relname = h.table_name
          JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = h.schema_name
          WHERE c.oid = relation $$;

-- Registers a hypertable (catalog rows, routing trigger) for create_hypertable, after its checks.
CREATE FUNCTION _timescaledb_functions.stand_in_register_hypertable(
    relation regclass, time_column name, column_type regtype, interval_length bigint,
    partitioning_column name, number_partitions integer, associated_schema name, associated_prefix name,
    create_default_indexes boolean)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        schema_name name;
        table_name name;
        ht_id integer;
    BEGIN
        SELECT n.nspname, c.relname INTO schema_name, table_name
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = relation;
        ht_id := nextval(pg_get_serial_sequence('_timescaledb_catalog.hypertable', 'id'));
        INSERT INTO _timescaledb_catalog.hypertable (id, schema_name, table_name, associated_schema_name,
            associated_table_prefix, num_dimensions)
        VALUES (ht_id, schema_name, table_name, coalesce(associated_schema, '_timescaledb_internal'),
            coalesce(associated_prefix, format('_hyper_%s', ht_id)),
            CASE WHEN partitioning_column IS NULL THEN 1 ELSE 2 END);
        INSERT INTO _timescaledb_catalog.dimension (hypertable_id, column_name, column_type, aligned, interval_length)
        VALUES (ht_id, time_column, column_type, true, interval_length);
        IF partitioning_column IS NOT NULL THEN
            -- Recorded for the views only: rows are routed by time alone.
            INSERT INTO _timescaledb_catalog.dimension (hypertable_id, column_name, column_type, aligned, num_slices,
                partitioning_func_schema, partitioning_func)
            SELECT ht_id, partitioning_column, a.atttypid::regtype, false, coalesce(number_partitions, 1),
                '_timescaledb_functions', 'get_partition_hash'
            FROM pg_attribute a WHERE a.attrelid = relation AND a.attname = partitioning_column;
        END IF;
        EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET NOT NULL', relation, time_column);
        IF create_default_indexes THEN
            EXECUTE format('CREATE INDEX %I ON %s (%I DESC)', table_name || '_' || time_column || '_idx', relation, time_column);
        END IF;
        EXECUTE format(
            'CREATE TRIGGER ts_insert_blocker BEFORE INSERT ON %s FOR EACH ROW'
                || ' EXECUTE FUNCTION _timescaledb_functions.stand_in_route_insert(%L, %L, %L)',
            relation, ht_id, time_column, column_type);
        RETURN ht_id;
    END
    $$;
GRANT EXECUTE ON FUNCTION _timescaledb_functions.stand_in_register_hypertable(
    regclass, name, regtype, bigint, name, integer, name, name, boolean) TO PUBLIC;

-- create_hypertable's work, whatever the version's signature (see stand_in_define_versioned_api).
CREATE FUNCTION _timescaledb_functions.stand_in_create_hypertable(
    relation regclass, time_column_name name, partitioning_column name, number_partitions integer,
    associated_schema_name name, associated_table_prefix name, chunk_time_interval anyelement,
    create_default_indexes boolean, if_not_exists boolean, migrate_data boolean)
    RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
    LANGUAGE plpgsql
    AS $$
    DECLARE
        existing _timescaledb_catalog.hypertable;
        rel_schema name;
        rel_name name;
        rel_kind "char";
        column_type regtype;
        interval_length bigint;
        has_rows boolean;
        id integer;
    BEGIN
        PERFORM _timescaledb_functions.stand_in_loader_present();
        IF relation IS NULL THEN
            RAISE EXCEPTION 'relation cannot be NULL' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        SELECT n.nspname, c.relname, c.relkind INTO rel_schema, rel_name, rel_kind
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = relation;
        IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = relation), 'USAGE') THEN
            RAISE EXCEPTION 'must be owner of hypertable "%"', rel_name USING ERRCODE = 'insufficient_privilege';
        END IF;
        existing := _timescaledb_functions.stand_in_hypertable_of(relation);
        IF existing.id IS NOT NULL THEN
            IF if_not_exists THEN
                RAISE NOTICE 'table "%" is already a hypertable, skipping', rel_name;
                RETURN QUERY SELECT existing.id, existing.schema_name, existing.table_name, false;
                RETURN;
            END IF;
            RAISE EXCEPTION 'table "%" is already a hypertable', rel_name USING ERRCODE = 'TS110';
        END IF;
        IF rel_kind <> 'r' THEN
            RAISE EXCEPTION 'table "%" is not a plain table (stand-in)', rel_name USING ERRCODE = 'wrong_object_type';
        END IF;
        SELECT a.atttypid::regtype INTO column_type FROM pg_attribute a
        WHERE a.attrelid = relation AND a.attname = time_column_name AND a.attnum > 0 AND NOT a.attisdropped;
        IF column_type IS NULL THEN
            RAISE EXCEPTION 'column "%" does not exist', time_column_name USING ERRCODE = 'undefined_column';
        END IF;
        IF column_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype,
                               'smallint'::regtype, 'integer'::regtype, 'bigint'::regtype) THEN
            RAISE EXCEPTION 'invalid type for dimension "%"', time_column_name
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Use an integer, timestamp, or date type.';
        END IF;
        IF chunk_time_interval IS NULL THEN
            IF column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) THEN
                interval_length := 604800000000;  -- 7 days, the real default
            ELSE
                RAISE EXCEPTION 'integer dimensions require an explicit interval' USING ERRCODE = 'invalid_parameter_value';
            END IF;
        ELSIF pg_typeof(chunk_time_interval) = 'interval'::regtype THEN
            interval_length := floor(extract(epoch FROM chunk_time_interval::text::interval) * 1000000)::bigint;
        ELSE
            interval_length := chunk_time_interval::text::bigint;
        END IF;
        IF interval_length <= 0 THEN
            RAISE EXCEPTION 'invalid interval: must be between 1 and %', 9223372036854775807 USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('SELECT EXISTS (SELECT FROM ONLY %s)', relation) INTO has_rows;
        IF has_rows AND NOT migrate_data THEN
            RAISE EXCEPTION 'table "%" is not empty', rel_name
                USING ERRCODE = 'TS102',
                      HINT = 'You can migrate data by specifying ''migrate_data => true'' when calling this function.';
        END IF;
        id := _timescaledb_functions.stand_in_register_hypertable(relation, time_column_name, column_type,
            interval_length, partitioning_column, number_partitions, associated_schema_name, associated_table_prefix,
            create_default_indexes);
        IF has_rows THEN
            -- migrate_data: the rows go through the routing trigger into chunks.
            EXECUTE format('WITH moved AS (DELETE FROM ONLY %1$s RETURNING *) INSERT INTO %1$s SELECT * FROM moved', relation);
        END IF;
        RETURN QUERY SELECT id, rel_schema, rel_name, true;
    END
    $$;

-- The chunks of a hypertable within [newer_than, older_than): whole chunks, as the real ones select.
CREATE FUNCTION _timescaledb_functions.stand_in_chunks(relation regclass, older_than bigint, newer_than bigint)
    RETURNS TABLE (chunk regclass, chunk_id integer)
    LANGUAGE sql STABLE
    AS $$
    SELECT format('%I.%I', c.schema_name, c.table_name)::regclass, c.id
    FROM _timescaledb_catalog.chunk c
        JOIN _timescaledb_catalog.chunk_constraint cc ON cc.chunk_id = c.id
        JOIN _timescaledb_catalog.dimension_slice s ON s.id = cc.dimension_slice_id
        JOIN _timescaledb_catalog.dimension d ON d.id = s.dimension_id AND d.interval_length IS NOT NULL
    WHERE c.hypertable_id = (_timescaledb_functions.stand_in_hypertable_of(relation)).id AND NOT c.dropped
        AND (older_than IS NULL OR s.range_end <= older_than)
        AND (newer_than IS NULL OR s.range_start >= newer_than)
    ORDER BY s.range_start, c.id
    $$;

-- Checks a show_chunks/drop_chunks relation and returns its time dimension's type.
CREATE FUNCTION _timescaledb_functions.stand_in_time_type(relation regclass) RETURNS regtype
    LANGUAGE plpgsql STABLE
    AS $$
    DECLARE
        ht _timescaledb_catalog.hypertable := _timescaledb_functions.stand_in_hypertable_of(relation);
    BEGIN
        PERFORM _timescaledb_functions.stand_in_loader_present();
        IF relation IS NULL THEN
            RAISE EXCEPTION 'invalid hypertable or continuous aggregate' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF ht.id IS NULL THEN
            RAISE EXCEPTION '"%" is not a hypertable or a continuous aggregate', relation::text
                USING ERRCODE = 'TS101',
                      HINT = 'The operation is only possible on a hypertable or continuous aggregate.';
        END IF;
        RETURN (SELECT column_type FROM _timescaledb_catalog.dimension
                WHERE hypertable_id = ht.id AND interval_length IS NOT NULL ORDER BY id LIMIT 1);
    END
    $$;

-- Drops chunk tables and their catalog rows (as the bootstrap superuser: the catalog is its own).
CREATE FUNCTION _timescaledb_functions.stand_in_drop_chunk(chunk_id integer) RETURNS text
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        chunk _timescaledb_catalog.chunk;
    BEGIN
        DELETE FROM _timescaledb_catalog.chunk c WHERE c.id = chunk_id RETURNING * INTO chunk;
        IF chunk.id IS NULL THEN
            RETURN NULL;
        END IF;
        EXECUTE format('DROP TABLE %I.%I', chunk.schema_name, chunk.table_name);
        DELETE FROM _timescaledb_catalog.dimension_slice s
        WHERE NOT EXISTS (SELECT FROM _timescaledb_catalog.chunk_constraint cc WHERE cc.dimension_slice_id = s.id);
        RETURN format('%I.%I', chunk.schema_name, chunk.table_name);
    END
    $$;
GRANT EXECUTE ON FUNCTION _timescaledb_functions.stand_in_drop_chunk(integer) TO PUBLIC;

CREATE FUNCTION _timescaledb_functions.stand_in_drop_chunks(relation regclass, older_than bigint, newer_than bigint,
    verbose_output boolean)
    RETURNS SETOF text
    LANGUAGE plpgsql
    AS $$
    DECLARE
        chunk record;
        dropped text;
    BEGIN
        IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = relation), 'USAGE') THEN
            RAISE EXCEPTION 'must be owner of hypertable "%"', relation::text USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF older_than IS NULL AND newer_than IS NULL THEN
            RAISE EXCEPTION 'invalid time range for dropping chunks'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'At least one of older_than and newer_than must be provided.';
        END IF;
        FOR chunk IN SELECT * FROM _timescaledb_functions.stand_in_chunks(relation, older_than, newer_than) LOOP
            dropped := _timescaledb_functions.stand_in_drop_chunk(chunk.chunk_id);
            IF verbose_output THEN
                RAISE INFO 'dropping chunk %', dropped;
            END IF;
            RETURN NEXT dropped;
        END LOOP;
    END
    $$;

-- Keeps the catalog in step when a hypertable or a chunk is dropped with DROP TABLE (a hypertable
-- with chunks needs DROP TABLE ... CASCADE here: its chunks inherit from it).
CREATE FUNCTION _timescaledb_functions.stand_in_forget_dropped() RETURNS event_trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        dropped record;
    BEGIN
        IF to_regclass('_timescaledb_catalog.hypertable') IS NULL THEN
            RETURN;  -- DROP EXTENSION
        END IF;
        FOR dropped IN SELECT * FROM pg_event_trigger_dropped_objects() WHERE object_type = 'table' LOOP
            DELETE FROM _timescaledb_catalog.chunk WHERE schema_name = dropped.schema_name AND table_name = dropped.object_name;
            DELETE FROM _timescaledb_catalog.hypertable WHERE schema_name = dropped.schema_name AND table_name = dropped.object_name;
        END LOOP;
        DELETE FROM _timescaledb_catalog.dimension_slice s
        WHERE NOT EXISTS (SELECT FROM _timescaledb_catalog.chunk_constraint cc WHERE cc.dimension_slice_id = s.id);
    END
    $$;
CREATE EVENT TRIGGER timescaledb_stand_in_ddl_sql_drop ON sql_drop
    EXECUTE FUNCTION _timescaledb_functions.stand_in_forget_dropped();

-- Jobs: the real add_job runs only under the Timescale licence (docs/promscale.md §10.2); here
-- jobs are recorded and never run.
CREATE FUNCTION _timescaledb_functions.stand_in_require_timescale_license(function_name text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
    BEGIN
        IF NOT _timescaledb_functions.tsl_loaded() THEN
            RAISE EXCEPTION 'function "%" is not supported under the current "%" license', function_name,
                coalesce(current_setting('timescaledb.license', true), 'apache')
                USING ERRCODE = 'feature_not_supported',
                      HINT = 'Upgrade your license to ''timescale'' to use this free community feature.';
        END IF;
    END
    $$;

CREATE FUNCTION _timescaledb_functions.stand_in_insert_job(proc regproc, schedule_interval interval, config jsonb,
    initial_start timestamptz, scheduled boolean, check_config regproc, fixed_schedule boolean, timezone text)
    RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$
    DECLARE
        job_id integer := nextval('_timescaledb_config.bgw_job_id_seq');
    BEGIN
        INSERT INTO _timescaledb_config.bgw_job (id, application_name, schedule_interval, max_runtime, max_retries,
            retry_period, proc_schema, proc_name, owner, scheduled, fixed_schedule, initial_start, config,
            check_schema, check_name, timezone)
        SELECT job_id, format('User-Defined Action [%s]', job_id), schedule_interval, '0', -1, schedule_interval,
            n.nspname, p.proname, session_user::regrole, scheduled, fixed_schedule, initial_start, config,
            cn.nspname, cp.proname, timezone
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            LEFT JOIN pg_proc cp ON cp.oid = check_config LEFT JOIN pg_namespace cn ON cn.oid = cp.pronamespace
        WHERE p.oid = proc;
        RETURN job_id;
    END
    $$;
GRANT EXECUTE ON FUNCTION _timescaledb_functions.stand_in_insert_job(
    regproc, interval, jsonb, timestamptz, boolean, regproc, boolean, text) TO PUBLIC;

CREATE FUNCTION public.add_job(proc regproc, schedule_interval interval, config jsonb DEFAULT NULL,
    initial_start timestamptz DEFAULT NULL, scheduled boolean DEFAULT true, check_config regproc DEFAULT NULL,
    fixed_schedule boolean DEFAULT true, timezone text DEFAULT NULL)
    RETURNS integer
    LANGUAGE plpgsql
    AS $$
    BEGIN
        PERFORM _timescaledb_functions.stand_in_require_timescale_license('add_job');
        RETURN _timescaledb_functions.stand_in_insert_job(proc, schedule_interval, config, initial_start, scheduled,
            check_config, fixed_schedule, timezone);
    END
    $$;

CREATE FUNCTION _timescaledb_functions.stand_in_delete_job(job_id integer) RETURNS boolean
    LANGUAGE sql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    AS $$ WITH deleted AS (DELETE FROM _timescaledb_config.bgw_job j WHERE j.id = job_id
              AND pg_has_role(session_user, j.owner, 'USAGE') RETURNING 1) SELECT EXISTS (SELECT FROM deleted) $$;
GRANT EXECUTE ON FUNCTION _timescaledb_functions.stand_in_delete_job(integer) TO PUBLIC;

CREATE FUNCTION public.delete_job(job_id integer) RETURNS void
    LANGUAGE plpgsql
    AS $$
    BEGIN
        PERFORM _timescaledb_functions.stand_in_require_timescale_license('delete_job');
        IF NOT _timescaledb_functions.stand_in_delete_job(job_id) THEN
            RAISE EXCEPTION 'job % not found', job_id USING ERRCODE = 'undefined_object';
        END IF;
    END
    $$;

CREATE VIEW timescaledb_information.jobs AS
SELECT j.id AS job_id, j.application_name, j.schedule_interval, j.max_runtime, j.max_retries, j.retry_period,
    j.proc_schema, j.proc_name, j.owner, j.scheduled, j.fixed_schedule, j.config,
    NULL::timestamptz AS next_start, j.initial_start,
    ht.schema_name AS hypertable_schema, ht.table_name AS hypertable_name, j.check_schema, j.check_name
FROM _timescaledb_config.bgw_job j
    LEFT JOIN _timescaledb_catalog.hypertable ht ON ht.id = j.hypertable_id;

CREATE VIEW timescaledb_information.dimensions AS
SELECT ht.schema_name AS hypertable_schema, ht.table_name AS hypertable_name,
    rank() OVER (PARTITION BY d.hypertable_id ORDER BY d.id) AS dimension_number,
    d.column_name, d.column_type,
    CASE WHEN d.interval_length IS NULL THEN 'Space' ELSE 'Time' END AS dimension_type,
    CASE WHEN d.interval_length IS NOT NULL
              AND d.column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
         THEN _timescaledb_functions.to_interval(d.interval_length) END AS time_interval,
    CASE WHEN d.interval_length IS NOT NULL
              AND d.column_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
         THEN d.interval_length END AS integer_interval,
    d.integer_now_func, d.num_slices AS num_partitions
FROM _timescaledb_catalog.hypertable ht
    JOIN _timescaledb_catalog.dimension d ON d.hypertable_id = ht.id;

-- What differs between versions: the multi-node objects that 2.14 removed (docs/promscale.md §10.1),
-- create_hypertable/show_chunks/drop_chunks signatures, the columns of the hypertables and chunks
-- views, and the deprecated _timescaledb_internal aliases of 2.12+. Run by every version's script and
-- update script: it replaces what an older version defined.
CREATE FUNCTION _timescaledb_functions.stand_in_define_versioned_api() RETURNS void
    LANGUAGE plpgsql
    AS $define$
    DECLARE
        multinode boolean := NOT _timescaledb_functions.stand_in_version_at_least('2.14.0');
        created_filters boolean := _timescaledb_functions.stand_in_version_at_least('2.13.0');
        deprecated_internal boolean := _timescaledb_functions.stand_in_version_at_least('2.12.0');
        sizing_schema text := CASE WHEN deprecated_internal THEN '_timescaledb_functions' ELSE '_timescaledb_internal' END;
    BEGIN
        DROP VIEW IF EXISTS timescaledb_information.hypertables, timescaledb_information.chunks,
            timescaledb_information.data_nodes;
        DROP TABLE IF EXISTS _timescaledb_catalog.hypertable_data_node, _timescaledb_catalog.chunk_data_node;
        DROP FUNCTION IF EXISTS public.create_hypertable(regclass, name, name, integer, name, name, anyelement, boolean,
            boolean, regproc, boolean, text, regproc, regproc, integer, name[], boolean);
        DROP FUNCTION IF EXISTS public.create_hypertable(regclass, name, name, integer, name, name, anyelement, boolean,
            boolean, regproc, boolean, text, regproc, regproc, integer, name[]);
        DROP FUNCTION IF EXISTS public.create_hypertable(regclass, name, name, integer, name, name, anyelement, boolean,
            boolean, regproc, boolean, text, regproc, regproc);
        DROP FUNCTION IF EXISTS public.show_chunks(regclass, anyelement, anycompatible);
        DROP FUNCTION IF EXISTS public.show_chunks(regclass, anyelement, anycompatible, anyelement, anycompatible);
        DROP FUNCTION IF EXISTS public.drop_chunks(regclass, anyelement, anycompatible, boolean);
        DROP FUNCTION IF EXISTS public.drop_chunks(regclass, anyelement, anycompatible, boolean, anyelement, anycompatible);
        DROP FUNCTION IF EXISTS _timescaledb_internal.to_unix_microseconds(timestamptz);
        DROP FUNCTION IF EXISTS _timescaledb_internal.to_timestamp(bigint);
        DROP FUNCTION IF EXISTS _timescaledb_internal.tsl_loaded();

        IF multinode THEN
            CREATE TABLE _timescaledb_catalog.hypertable_data_node (
                hypertable_id integer NOT NULL REFERENCES _timescaledb_catalog.hypertable (id),
                node_hypertable_id integer,
                node_name name NOT NULL,
                block_chunks boolean NOT NULL);
            CREATE TABLE _timescaledb_catalog.chunk_data_node (
                chunk_id integer NOT NULL REFERENCES _timescaledb_catalog.chunk (id),
                node_chunk_id integer NOT NULL,
                node_name name NOT NULL);
            GRANT SELECT ON _timescaledb_catalog.hypertable_data_node, _timescaledb_catalog.chunk_data_node TO PUBLIC;
            -- Real: the foreign servers of the timescaledb_fdw wrapper; the stand-in has none.
            CREATE VIEW timescaledb_information.data_nodes AS
            SELECT s.srvname AS node_name, s.srvowner::regrole::name AS owner, s.srvoptions AS options
            FROM pg_foreign_server s JOIN pg_foreign_data_wrapper w ON w.oid = s.srvfdw
            WHERE w.fdwname = 'timescaledb_fdw';
        END IF;

        -- The real signature; "any" (C only) is anyelement/anycompatible here, so older_than and
        -- newer_than may have different types but created_before/created_after follow them.
        EXECUTE format($f$
            CREATE FUNCTION public.create_hypertable(
                relation regclass,
                time_column_name name,
                partitioning_column name DEFAULT NULL,
                number_partitions integer DEFAULT NULL,
                associated_schema_name name DEFAULT NULL,
                associated_table_prefix name DEFAULT NULL,
                chunk_time_interval anyelement DEFAULT NULL::bigint,
                create_default_indexes boolean DEFAULT true,
                if_not_exists boolean DEFAULT false,
                partitioning_func regproc DEFAULT NULL,
                migrate_data boolean DEFAULT false,
                chunk_target_size text DEFAULT NULL,
                chunk_sizing_func regproc DEFAULT %L::regproc,
                time_partitioning_func regproc DEFAULT NULL%s)
            RETURNS TABLE (hypertable_id integer, schema_name name, table_name name, created boolean)
            LANGUAGE sql
            AS 'SELECT * FROM _timescaledb_functions.stand_in_create_hypertable(relation, time_column_name,
                partitioning_column, number_partitions, associated_schema_name, associated_table_prefix,
                chunk_time_interval, create_default_indexes, if_not_exists, migrate_data)'
            $f$,
            sizing_schema || '.calculate_chunk_interval',
            CASE
                WHEN NOT multinode THEN ''
                WHEN created_filters THEN ', replication_factor integer DEFAULT NULL, data_nodes name[] DEFAULT NULL, distributed boolean DEFAULT NULL'
                ELSE ', replication_factor integer DEFAULT NULL, data_nodes name[] DEFAULT NULL'
            END);

        EXECUTE format($f$
            CREATE FUNCTION public.show_chunks(
                relation regclass,
                older_than anyelement DEFAULT NULL::timestamptz,
                newer_than anycompatible DEFAULT NULL::timestamptz%s)
            RETURNS SETOF regclass
            LANGUAGE plpgsql STABLE
            AS $body$
            DECLARE
                column_type regtype := _timescaledb_functions.stand_in_time_type(relation);
            BEGIN
                RETURN QUERY SELECT chunk FROM _timescaledb_functions.stand_in_chunks(relation,
                    _timescaledb_functions.stand_in_time_value(older_than, column_type, 'older_than'),
                    _timescaledb_functions.stand_in_time_value(newer_than, column_type, 'newer_than'));
            END
            $body$
            $f$,
            CASE WHEN created_filters
                THEN ', created_before anyelement DEFAULT NULL, created_after anycompatible DEFAULT NULL'
                ELSE '' END);

        EXECUTE format($f$
            CREATE FUNCTION public.drop_chunks(
                relation regclass,
                older_than anyelement DEFAULT NULL::timestamptz,
                newer_than anycompatible DEFAULT NULL::timestamptz,
                verbose boolean DEFAULT false%s)
            RETURNS SETOF text
            LANGUAGE plpgsql
            AS $body$
            DECLARE
                column_type regtype := _timescaledb_functions.stand_in_time_type(relation);
            BEGIN
                RETURN QUERY SELECT * FROM _timescaledb_functions.stand_in_drop_chunks(relation,
                    _timescaledb_functions.stand_in_time_value(older_than, column_type, 'older_than'),
                    _timescaledb_functions.stand_in_time_value(newer_than, column_type, 'newer_than'),
                    drop_chunks.verbose);
            END
            $body$
            $f$,
            CASE WHEN created_filters
                THEN ', created_before anyelement DEFAULT NULL, created_after anycompatible DEFAULT NULL'
                ELSE '' END);

        EXECUTE format($f$
            CREATE VIEW timescaledb_information.hypertables AS
            SELECT ht.schema_name AS hypertable_schema, ht.table_name AS hypertable_name, t.tableowner AS owner,
                ht.num_dimensions,
                (SELECT count(*) FROM _timescaledb_catalog.chunk c
                 WHERE c.hypertable_id = ht.id AND NOT c.dropped AND NOT c.osm_chunk) AS num_chunks,
                ht.compression_state = 1 AS compression_enabled,
                %s
                (SELECT array_agg(s.tablespace_name ORDER BY s.id) FROM _timescaledb_catalog.tablespace s
                 WHERE s.hypertable_id = ht.id) AS tablespaces
            FROM _timescaledb_catalog.hypertable ht
                JOIN pg_tables t ON t.schemaname = ht.schema_name AND t.tablename = ht.table_name
            WHERE ht.compression_state <> 2
            $f$,
            CASE WHEN multinode
                THEN 'false AS is_distributed, NULL::smallint AS replication_factor, NULL::name[] AS data_nodes,'
                ELSE '' END);

        EXECUTE format($f$
            CREATE VIEW timescaledb_information.chunks AS
            SELECT ht.schema_name AS hypertable_schema, ht.table_name AS hypertable_name,
                c.schema_name AS chunk_schema, c.table_name AS chunk_name,
                d.column_name AS primary_dimension, d.column_type AS primary_dimension_type,
                CASE WHEN d.column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
                     THEN _timescaledb_functions.to_timestamp(s.range_start) END AS range_start,
                CASE WHEN d.column_type IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
                     THEN _timescaledb_functions.to_timestamp(s.range_end) END AS range_end,
                CASE WHEN d.column_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
                     THEN s.range_start END AS range_start_integer,
                CASE WHEN d.column_type NOT IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype)
                     THEN s.range_end END AS range_end_integer,
                c.status & 1 = 1 AS is_compressed,
                (SELECT spcname FROM pg_tablespace WHERE oid = pc.reltablespace) AS chunk_tablespace%s
            FROM _timescaledb_catalog.chunk c
                JOIN _timescaledb_catalog.hypertable ht ON ht.id = c.hypertable_id
                JOIN _timescaledb_catalog.chunk_constraint cc ON cc.chunk_id = c.id
                JOIN _timescaledb_catalog.dimension_slice s ON s.id = cc.dimension_slice_id
                JOIN _timescaledb_catalog.dimension d ON d.id = s.dimension_id AND d.interval_length IS NOT NULL
                JOIN pg_class pc ON pc.relname = c.table_name
                JOIN pg_namespace pn ON pn.oid = pc.relnamespace AND pn.nspname = c.schema_name
            WHERE NOT c.dropped AND NOT c.osm_chunk AND ht.compression_state <> 2
            $f$,
            CASE WHEN multinode THEN ', NULL::name[] AS data_nodes'
                 WHEN created_filters THEN ', c.creation_time AS chunk_creation_time'
                 ELSE '' END);

        GRANT SELECT ON ALL TABLES IN SCHEMA timescaledb_information TO PUBLIC;

        -- 2.12 moved the internal functions to _timescaledb_functions and left deprecated aliases
        -- that warn once per call (Promscale 0.10.0's maintenance calls to_unix_microseconds per chunk).
        IF deprecated_internal THEN
            CREATE FUNCTION _timescaledb_internal.to_unix_microseconds(ts timestamptz) RETURNS bigint
                LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
                AS $body$
                BEGIN
                    IF coalesce(current_setting('timescaledb.enable_deprecation_warnings', true), 'on')::boolean THEN
                        RAISE WARNING 'function _timescaledb_internal.to_unix_microseconds(timestamp with time zone) is deprecated and has been moved to _timescaledb_functions schema. this compatibility function will be removed in a future version.';
                    END IF;
                    RETURN _timescaledb_functions.to_unix_microseconds(ts);
                END
                $body$;
            CREATE FUNCTION _timescaledb_internal.to_timestamp(unixtime_us bigint) RETURNS timestamptz
                LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
                AS $body$
                BEGIN
                    IF coalesce(current_setting('timescaledb.enable_deprecation_warnings', true), 'on')::boolean THEN
                        RAISE WARNING 'function _timescaledb_internal.to_timestamp(bigint) is deprecated and has been moved to _timescaledb_functions schema. this compatibility function will be removed in a future version.';
                    END IF;
                    RETURN _timescaledb_functions.to_timestamp(unixtime_us);
                END
                $body$;
            CREATE FUNCTION _timescaledb_internal.tsl_loaded() RETURNS boolean
                LANGUAGE plpgsql STABLE
                AS $body$
                BEGIN
                    IF coalesce(current_setting('timescaledb.enable_deprecation_warnings', true), 'on')::boolean THEN
                        RAISE WARNING 'function _timescaledb_internal.tsl_loaded() is deprecated and has been moved to _timescaledb_functions schema. this compatibility function will be removed in a future version.';
                    END IF;
                    RETURN _timescaledb_functions.tsl_loaded();
                END
                $body$;
        ELSE
            CREATE FUNCTION _timescaledb_internal.to_unix_microseconds(ts timestamptz) RETURNS bigint
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS 'SELECT _timescaledb_functions.to_unix_microseconds(ts)';
            CREATE FUNCTION _timescaledb_internal.to_timestamp(unixtime_us bigint) RETURNS timestamptz
                LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS 'SELECT _timescaledb_functions.to_timestamp(unixtime_us)';
            CREATE FUNCTION _timescaledb_internal.tsl_loaded() RETURNS boolean
                LANGUAGE sql STABLE
                AS 'SELECT _timescaledb_functions.tsl_loaded()';
        END IF;
    END
    $define$;

SELECT _timescaledb_functions.stand_in_define_versioned_api();

-- The licence and the extension's comment. Real: timescaledb.license is a setting of the versioned
-- library, present only in sessions of a database that has the extension. The native stand-in
-- library defines it the same way. Without it, the SQL-only stand-in gets close with a database-level
-- setting (new sessions) plus a session-level one (this session), 'apache' unless the test cluster
-- sets timescaledb_stand_in.license.
DO $stand_in$
DECLARE
    license text := CASE WHEN _timescaledb_functions.stand_in_is_native()
        THEN coalesce(current_setting('timescaledb.license', true), 'apache')
        ELSE coalesce(current_setting('timescaledb_stand_in.license', true), 'apache') END;
BEGIN
    IF NOT _timescaledb_functions.stand_in_is_native() THEN
        EXECUTE format('ALTER DATABASE %I SET timescaledb.license = %L', current_database(), license);
        PERFORM set_config('timescaledb.license', license, false);
    END IF;
    EXECUTE format(
        'COMMENT ON EXTENSION timescaledb IS %L',
        'Enables scalable inserts and complex queries for time-series data '
            || CASE license WHEN 'apache' THEN '(Apache 2 Edition)' ELSE '(Community Edition)' END
            || ' [TEST STAND-IN, not TimescaleDB]');
END
$stand_in$;
