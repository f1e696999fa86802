-- FAKE PROMSCALE STAND-IN, written for the tests — not Promscale's code. Stands in for pkg/migrations/sql/preinstall/004-tables.sql
-- at tag 0.10.0: the catalog tables of docs/promscale.md §10.2–10.3 with the columns the launcher reads.

-- A series' labels: label ids by key position, 0 where the series lacks the key.
CREATE DOMAIN prom_api.label_array AS int[] NOT NULL;

-- Partitioned by metric: each metric's series live in prom_data_series.<table_name>.
CREATE TABLE _prom_catalog.series (
    id bigint NOT NULL,
    metric_id int NOT NULL,
    labels prom_api.label_array NOT NULL,
    delete_epoch bigint NULL DEFAULT NULL
) PARTITION BY LIST (metric_id);
CREATE SEQUENCE _prom_catalog.series_id;

CREATE TABLE _prom_catalog.label (
    id serial CHECK (id > 0) PRIMARY KEY,
    key text,
    value text,
    UNIQUE (key, value)
);

-- One row; maintenance marks dead series with the next epoch.
CREATE TABLE _prom_catalog.ids_epoch (
    current_epoch bigint NOT NULL,
    last_update_time timestamptz NOT NULL,
    is_unique boolean NOT NULL DEFAULT true CHECK (is_unique) UNIQUE
);
INSERT INTO _prom_catalog.ids_epoch VALUES (0, 'epoch', true);

CREATE TABLE _prom_catalog.label_key_position (
    metric_name text,
    key text,
    pos int,
    UNIQUE (metric_name, key)
);

-- table_name is the metric name below 62 characters, else truncated + '_<id>': always look it up.
CREATE TABLE _prom_catalog.metric (
    id serial PRIMARY KEY,
    metric_name text NOT NULL,
    table_name name NOT NULL,
    creation_completed boolean NOT NULL DEFAULT false,
    default_chunk_interval boolean NOT NULL DEFAULT true,
    retention_period interval DEFAULT NULL, -- NULL: the default retention
    default_compression boolean NOT NULL DEFAULT true,
    delay_compression_until timestamptz DEFAULT NULL,
    table_schema name NOT NULL DEFAULT 'prom_data',
    series_table name NOT NULL,
    is_view boolean NOT NULL DEFAULT false,
    UNIQUE (metric_name, table_schema),
    UNIQUE (table_schema, table_name)
);

CREATE TABLE _prom_catalog."default" (
    key text PRIMARY KEY,
    value text
);
INSERT INTO _prom_catalog."default" (key, value) VALUES
    ('chunk_interval', (interval '8 hours')::text),
    ('retention_period', (interval '90 days')::text),
    ('metric_compression', exists(SELECT FROM pg_proc WHERE proname = 'compress_chunk')::text),
    ('trace_retention_period', (interval '30 days')::text);

-- Metric metadata from remote write (type, help, unit per metric family), one row per distinct combination with the
-- last time it was seen: 0.10.0's shape (pkg/migrations/sql, metadata table).
CREATE TABLE _prom_catalog.metadata (
    last_seen timestamptz NOT NULL,
    metric_family text NOT NULL,
    type text DEFAULT NULL,
    unit text DEFAULT NULL,
    help text DEFAULT NULL,
    PRIMARY KEY (metric_family, type, unit, help)
);

GRANT SELECT ON ALL TABLES IN SCHEMA _prom_catalog TO prom_reader;
