-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/preinstall/010-tracing.sql
-- at tag 0.10.0, where a fresh install on TimescaleDB >= 2.14 fails (docs/promscale.md §10.1).

-- The trace tables, reduced to their time and partitioning columns.
CREATE TABLE _ps_trace.span (
    trace_id uuid NOT NULL,
    span_id bigint NOT NULL,
    start_time timestamptz NOT NULL,
    end_time timestamptz NOT NULL
);
CREATE TABLE _ps_trace.event (
    time timestamptz NOT NULL,
    trace_id uuid NOT NULL,
    span_id bigint NOT NULL,
    name text NOT NULL
);
CREATE TABLE _ps_trace.link (
    trace_id uuid NOT NULL,
    span_id bigint NOT NULL,
    span_start_time timestamptz NOT NULL,
    linked_trace_id uuid NOT NULL,
    linked_span_id bigint NOT NULL
);

-- What the real script reads, in its order: is TimescaleDB created in this database; for 2.x the licence
-- setting and whether multi-node is set up — from timescaledb_information.data_nodes, which TimescaleDB 2.14
-- removed, so there this statement fails with 42P01 and the whole migration rolls back. Otherwise the three
-- tables become (single-node) hypertables, chunk intervals as 0.10.0 sets them.
DO $fake$
DECLARE
    timescaledb_version text;
    multinode boolean := false;
    oss boolean;
BEGIN
    SELECT extversion INTO timescaledb_version FROM pg_extension WHERE extname = 'timescaledb';
    IF timescaledb_version IS NULL THEN
        RETURN;
    END IF;

    IF split_part(timescaledb_version, '.', 1)::int >= 2 THEN
        oss := current_setting('timescaledb.license') = 'apache';
        SELECT count(*) > 0 INTO multinode FROM timescaledb_information.data_nodes;
    END IF;

    IF multinode THEN
        RAISE EXCEPTION 'fake-promscale: multi-node TimescaleDB is not emulated';
    END IF;

    PERFORM public.create_hypertable('_ps_trace.span'::regclass, 'start_time'::name, partitioning_column => 'trace_id'::name,
        number_partitions => 1, chunk_time_interval => interval '07:57:57.345608', create_default_indexes => false);
    PERFORM public.create_hypertable('_ps_trace.event'::regclass, 'time'::name, partitioning_column => 'trace_id'::name,
        number_partitions => 1, chunk_time_interval => interval '07:59:53.649542', create_default_indexes => false);
    PERFORM public.create_hypertable('_ps_trace.link'::regclass, 'span_start_time'::name, partitioning_column => 'trace_id'::name,
        number_partitions => 1, chunk_time_interval => interval '07:59:48.644258', create_default_indexes => false);
    -- Compression of the trace tables (Timescale licence only, when NOT oss) is not emulated.
END
$fake$;
