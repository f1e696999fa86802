# shellcheck shell=bash
# The export figure of bench/run (issue 13, `bench/run --only export`): samples/s that `promscale-launcher export`
# sends from a database of 10,000,000 samples in Promscale 0.10.0's schema (the fake's stand-in) to Debian's
# VictoriaMetrics on loopback, next to the read floor — psql's `COPY (…) TO STDOUT` of the same rows, in the same
# order, over the same TLS connection, to /dev/null — and the exporter's peak RSS. Runs interleaved (floor, export,
# floor, export…), each export into a fresh VictoriaMetrics, whose sample count is checked after each run.
#
#   bench_export_run WORK LAUNCHER FAKE RUNS OUT_MD
#       needs bench/lib/postgres.sh's server started (BENCH_PG_*); writes a markdown section into OUT_MD
#
# The data: BENCH_EXPORT_METRICS × BENCH_EXPORT_SERIES × BENCH_EXPORT_SAMPLES (default 10 × 100 × 10,000), one
# sample every 15 s ending an hour ago, metrics and their series tables created through the schema's own
# functions (_prom_catalog.get_or_create_metric_table_name, get_or_create_label_id), the samples inserted with
# generate_series straight into prom_data.<table>, as Promscale's COPY would leave them; then VACUUM ANALYZE.

BENCH_EXPORT_METRICS="${BENCH_EXPORT_METRICS:-10}"
BENCH_EXPORT_SERIES="${BENCH_EXPORT_SERIES:-100}"
BENCH_EXPORT_SAMPLES="${BENCH_EXPORT_SAMPLES:-10000}"
BENCH_EXPORT_VM_PID=''
BENCH_EXPORT_VM_PORT=''

bench_export_say() { echo "bench: export: $*" >&2; }

bench_export_url() {
  echo "${BENCH_PG_URL%/postgres?sslmode=require}/$1?sslmode=require"
}

# The database, once: schema by the fake's -migrate=only (without TimescaleDB, as on a fresh install), data by SQL.
bench_export_prepare() {
  local work="$1" fake="$2" started="${EPOCHREALTIME/[.,]/}" elapsed
  bench_pg_psql -c "CREATE DATABASE export_source" >/dev/null
  FAKE_PROMSCALE_VERSION=0.10.0 PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false \
    "$fake" "-db.uri=$(bench_export_url export_source)" -migrate=only >"$work/export-migrate.log" 2>&1 || {
    tail -n 20 "$work/export-migrate.log" >&2
    bench_export_say "the fake's -migrate=only failed"
    return 1
  }
  bench_pg_psql -d export_source -v metrics="$BENCH_EXPORT_METRICS" -v series="$BENCH_EXPORT_SERIES" \
    -v samples="$BENCH_EXPORT_SAMPLES" <<'SQL' >/dev/null || return 1
SET bench.series = :series;
SET bench.samples = :samples;
SELECT _prom_catalog.get_or_create_metric_table_name('bench_export_metric_' || i) FROM generate_series(1, :metrics) i;
CALL _prom_catalog.finalize_metric_creation();
DO $$
DECLARE
    m record;
    name_label int;
    series int := current_setting('bench.series')::int;
    samples int := current_setting('bench.samples')::int;
BEGIN
    FOR m IN SELECT id, metric_name, table_name, series_table FROM _prom_catalog.metric ORDER BY id LOOP
        name_label := _prom_catalog.get_or_create_label_id('__name__', m.metric_name);
        -- Every third series lacks the "zone" label: label sets with missing keys, as Promscale stores them.
        EXECUTE format($q$
            INSERT INTO prom_data_series.%I (id, metric_id, labels)
            SELECT nextval('_prom_catalog.series_id'), %s,
                   ARRAY[%s, _prom_catalog.get_or_create_label_id('job', 'bench'),
                         _prom_catalog.get_or_create_label_id('instance', 'host-' || i || ':9100')]
                   || CASE WHEN i %% 3 = 0 THEN ARRAY[]::int[] ELSE ARRAY[_prom_catalog.get_or_create_label_id('zone', 'zone-' || i %% 3)] END
            FROM generate_series(1, %s) i$q$, m.series_table, m.id, name_label, series);
        EXECUTE format($q$
            INSERT INTO prom_data.%I (time, value, series_id)
            SELECT date_trunc('minute', now()) - interval '1 hour' - t * interval '15 seconds', (s.id * 1000 + t)::double precision, s.id
            FROM prom_data_series.%I s, generate_series(0, %s - 1) t$q$, m.table_name, m.series_table, samples);
    END LOOP;
END
$$;
SQL
  bench_pg_psql -d export_source -c "VACUUM ANALYZE" >/dev/null
  BENCH_EXPORT_TOTAL="$(bench_pg_psql -d export_source -At -c "SELECT sum(n) FROM (SELECT (xpath('/row/c/text()', query_to_xml(format('SELECT count(*) AS c FROM prom_data.%I', table_name), false, true, '')))[1]::text::bigint AS n FROM _prom_catalog.metric) counts")"
  BENCH_EXPORT_SIZE="$(bench_pg_psql -d export_source -At -c "SELECT pg_size_pretty(pg_database_size('export_source'))")"
  elapsed=$((${EPOCHREALTIME/[.,]/} - started))
  bench_export_say "database: $BENCH_EXPORT_TOTAL samples ($BENCH_EXPORT_METRICS metrics × $BENCH_EXPORT_SERIES series), $BENCH_EXPORT_SIZE, built in $((elapsed / 1000000)) s"
}

# The floor's statements: per metric, the rows the exporter reads (series_id, time, value in its (series_id, time)
# order) and its labels query (a series' label ids resolved through _prom_catalog.label), as COPY … TO STDOUT.
bench_export_floor_sql() {
  bench_pg_psql -d export_source -At <<'SQL'
SELECT format('COPY (SELECT series_id, time, value FROM prom_data.%I ORDER BY series_id, time) TO STDOUT;', table_name)
       || chr(10) ||
       format('COPY (SELECT s.id, l.key, l.value FROM prom_data_series.%I s CROSS JOIN LATERAL unnest(s.labels) AS u(label_id) JOIN _prom_catalog.label l ON l.id = u.label_id) TO STDOUT;', series_table)
FROM _prom_catalog.metric ORDER BY id
SQL
}

bench_export_vm_start() {
  local dir="$1" i
  BENCH_EXPORT_VM_PORT="$(bench_pg_free_port)"
  mkdir -p "$dir"
  /usr/bin/victoria-metrics -storageDataPath="$dir/data" -retentionPeriod=100y \
    -httpListenAddr="127.0.0.1:$BENCH_EXPORT_VM_PORT" -loggerLevel=ERROR >"$dir/vm.log" 2>&1 &
  BENCH_EXPORT_VM_PID=$!
  for ((i = 0; i < 300; i++)); do
    if curl -fsS "http://127.0.0.1:$BENCH_EXPORT_VM_PORT/health" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  bench_export_say "VictoriaMetrics did not answer /health within 30 s: $(tail -n 5 "$dir/vm.log")"
  return 1
}

bench_export_vm_stop() {
  local i
  if [[ -n "$BENCH_EXPORT_VM_PID" ]] && kill -0 "$BENCH_EXPORT_VM_PID" 2>/dev/null; then
    kill -TERM "$BENCH_EXPORT_VM_PID" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$BENCH_EXPORT_VM_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$BENCH_EXPORT_VM_PID" 2>/dev/null || true
    wait "$BENCH_EXPORT_VM_PID" 2>/dev/null || true
  fi
  BENCH_EXPORT_VM_PID=''
}

# The samples VictoriaMetrics holds for the benchmark's job, after a flush.
bench_export_vm_count() {
  local base="http://127.0.0.1:$BENCH_EXPORT_VM_PORT"
  curl -fsS "$base/internal/force_flush" >/dev/null 2>&1 || true
  curl -fsS --get "$base/api/v1/query" --data-urlencode 'query=sum(count_over_time({job="bench"}[30d]))' |
    sed -E 's/.*"value":\[[^,]*,"([0-9.e+]+)"\].*/\1/'
}

# Median (min–max) of column $2 of $1, with printf format $3 and divisor $4.
bench_export_stats() {
  cut -f "$2" "$1" | sort -g | awk -v fmt="$3" -v div="$4" '{ v[NR] = $1 / div } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf fmt " (" fmt "–" fmt ")", m, v[1], v[NR] }'
}

bench_export_median() {
  cut -f "$2" "$1" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_export_run() {
  local work="$1" launcher="$2" fake="$3" runs="$4" out="$5" i started us status psql="$BENCH_PG_BIN/psql" count rss
  local floor_tsv="$work/export-floor.tsv" export_tsv="$work/export-export.tsv" load_before has_export=true
  [[ -x "$psql" ]] || psql="$(command -v psql)" || {
    bench_export_say "psql not found"
    return 1
  }
  [[ -x /usr/bin/victoria-metrics ]] || {
    bench_export_say "/usr/bin/victoria-metrics not found (apt-get install victoria-metrics; .ci/install-test-deps)"
    return 1
  }
  load_before="$(cut -d ' ' -f 1-3 /proc/loadavg)"
  bench_export_prepare "$work" "$fake" || return 1
  bench_export_floor_sql >"$work/export-floor.sql"
  if ! "$launcher" --help 2>/dev/null | grep -qE '^ +export '; then
    has_export=false
    bench_export_say "this launcher has no export command: measuring the floor only"
  fi
  : >"$floor_tsv"
  : >"$export_tsv"
  for ((i = 1; i <= runs; i++)); do
    started="${EPOCHREALTIME/[.,]/}"
    "$psql" -X -q -v ON_ERROR_STOP=1 "$(bench_export_url export_source)" -f "$work/export-floor.sql" >/dev/null ||
      return 1
    us=$((${EPOCHREALTIME/[.,]/} - started))
    echo -e "$us\t$(awk -v n="$BENCH_EXPORT_TOTAL" -v us="$us" 'BEGIN { print n / (us / 1e6) }')" >>"$floor_tsv"
    bench_export_say "run $i/$runs: floor $((us / 1000)) ms"
    [[ "$has_export" == true ]] || continue

    bench_pg_psql -d export_source -c "DROP SCHEMA IF EXISTS promscale_launcher CASCADE" >/dev/null 2>&1
    bench_export_vm_start "$work/vm-$i" || return 1
    started="${EPOCHREALTIME/[.,]/}"
    status=0
    env -i PATH="$PATH" HOME="${HOME:-/tmp}" SCALINGO_POSTGRESQL_URL="$(bench_export_url export_source)" \
      /usr/bin/time -v -o "$work/export-time-$i.txt" \
      "$launcher" export --target "http://127.0.0.1:$BENCH_EXPORT_VM_PORT/api/v1/write" \
      >"$work/export-$i.out" 2>"$work/export-$i.err" || status=$?
    us=$((${EPOCHREALTIME/[.,]/} - started))
    if ((status != 0)); then
      bench_export_say "promscale-launcher export exited $status: $(tail -n 5 "$work/export-$i.err")"
      bench_export_vm_stop
      return 1
    fi
    rss="$(awk -F ': ' '/Maximum resident set size/ { print $2 }' "$work/export-time-$i.txt")"
    count="$(bench_export_vm_count)"
    bench_export_vm_stop
    rm -rf "$work/vm-$i"
    echo -e "$us\t$(awk -v n="$BENCH_EXPORT_TOTAL" -v us="$us" 'BEGIN { print n / (us / 1e6) }')\t$rss\t$count" >>"$export_tsv"
    bench_export_say "run $i/$runs: export $((us / 1000)) ms, peak RSS $((rss / 1024)) MiB, VictoriaMetrics holds $count samples"
  done
  bench_export_report "$floor_tsv" "$export_tsv" "$has_export" "$load_before" "$launcher" "$runs" >"$out"
}

bench_export_report() {
  local floor_tsv="$1" export_tsv="$2" has_export="$3" load_before="$4" launcher="$5" runs="$6" ratio counts
  echo "### Export to VictoriaMetrics (bench/run --only export, $runs run(s) each, interleaved)"
  echo
  echo "$(sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$BENCH_EXPORT_TOTAL") samples ($BENCH_EXPORT_METRICS metrics × $BENCH_EXPORT_SERIES series × $BENCH_EXPORT_SAMPLES samples, 15 s apart; $BENCH_EXPORT_SIZE) in the"
  echo "fake's Promscale 0.10.0 schema on the throwaway PostgreSQL 14 (TLS, SCRAM, loopback); Debian's VictoriaMetrics"
  echo "$(dpkg-query -W -f '${Version}' victoria-metrics 2>/dev/null || echo '(version unknown)') on loopback, a fresh one per export run. Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), shared;"
  echo "load average before $load_before, after $(cut -d ' ' -f 1-3 /proc/loadavg). Median (min–max)."
  echo
  echo "| | wall time | samples/s | peak RSS | samples in VictoriaMetrics |"
  echo "|---|---|---|---|---|"
  echo "| floor: \`psql -c 'COPY (…) TO STDOUT' > /dev/null\`, the exporter's rows and label query | $(bench_export_stats "$floor_tsv" 1 '%.1f s' 1000000) | $(bench_export_stats "$floor_tsv" 2 '%.0f' 1) | | |"
  if [[ "$has_export" == true ]]; then
    ratio="$(awk -v e="$(bench_export_median "$export_tsv" 2)" -v f="$(bench_export_median "$floor_tsv" 2)" 'BEGIN { printf "%.0f %%", 100 * e / f }')"
    counts="$(cut -f 4 "$export_tsv" | sort -u | paste -sd ',')"
    echo "| \`promscale-launcher export --target http://127.0.0.1:PORT/api/v1/write\` | $(bench_export_stats "$export_tsv" 1 '%.1f s' 1000000) | $(bench_export_stats "$export_tsv" 2 '%.0f' 1) | $(bench_export_stats "$export_tsv" 3 '%.1f MiB' 1024) | $counts |"
    echo
    echo "Export / floor (medians of samples/s): **$ratio** (goal ≥ 50 %). Peak RSS: \`/usr/bin/time -v\`'s maximum"
    echo "resident set size of the launcher process (goal ≤ 64 MiB). Launcher: \`$(basename "$launcher")\`, $(stat -c %s "$launcher") bytes."
  else
    echo
    echo "The launcher measured has no \`export\` command: the floor only."
  fi
  echo
}
