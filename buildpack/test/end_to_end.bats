#!/usr/bin/env bats
# End to end (issue 4, "Tests"): a first deployment on Scalingo, played on this machine.
#
# setup_file, once for the file:
# - a throwaway PostgreSQL 14 (postgres.bash): TLS on and non-TLS TCP rejected, a role with LOGIN
#   CREATEROLE and a SCRAM password, a database it owns (TimescaleDB not created: the stand-in cannot be
#   preloaded on this PostgreSQL, so Promscale runs without it), and, as on Scalingo, no `promscale`
#   extension available;
# - the fake Promscale (src/Launcher.FakePromscale) published as ONE framework-dependent file (the .NET
#   and ASP.NET Core runtimes are on this machine) and served by fixtures/serve.py on loopback as the
#   release asset promscale_0.10.0_Linux_x86_64, with a goreleaser-style checksums.txt;
# - the root bin/compile of a snapshot of this repository into a fresh BUILD_DIR, with an empty cache
#   and an ENV_DIR holding what Scalingo puts there (the database URL and the basic-auth variables:
#   secrets that no output may show). Its output and status are checked by the first test.
#
# Launcher: the REAL one. bin/compile builds it from source with Native AOT as on a deployment; the
# --test-prebuilt-launcher option is not used. That costs one cold build per run of this file (45-80 s
# on 2 busy cores: NuGet restore + AOT), the only Native AOT build of a CI run: in exchange the binary
# under test is exactly what a deployment gets (AOT-only failures included), and when
# PROMSCALE_CI_SHARED_BUILD names a directory, the launcher, the compile output and the fake Promscale are
# copied there for .ci/aot-gate (scripts/test does this), which then checks that same build (no warning,
# size, smoke test, benchmark) instead of publishing its own. The cache it leaves is used by the warm
# build test (no SDK, no network) and the offline restore test.
#
# The tests then run, from BUILD_DIR standing in for /app (/app in bin/release's command and PATH is
# replaced by BUILD_DIR), with a clean Scalingo-like environment (env -i): PORT, SCALINGO_POSTGRESQL_URL
# with sslmode=prefer, PROMSCALE_WEB_AUTH_USERNAME/PASSWORD, HOME, STACK, the release's PATH, and
# FAKE_PROMSCALE_VERSION=0.10.0 (the launcher passes it through; it makes the fake play 0.10.0) and
# PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false (Promscale without TimescaleDB, see postgres.bash):
# 1. compile's result and output; 2. a second compile from the warm cache, offline and with no SDK;
# 3. the NuGet packages of the cache restore the launcher offline (a source change rebuilds without the
#    network); 4. `promscale-launcher check` (README step 4, `scalingo run`); 5. the `web` command: ready,
#    /healthz through basic auth on $PORT, SIGTERM, clean exit 0, nothing left running, no secret in its
#    output.
#
# Needs PostgreSQL 14 (.ci/install-test-deps) and the .NET SDK: skipped without them, failed under CI.
# Every wait is a bounded poll.

# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr.
load helpers
load postgres

readonly DB_NAME=promscale_e2e WEB_USER=prometheus FAKE_VERSION=0.10.0

setup_file() {
  E2E_MISSING=$(pg14_problem)
  if [[ -z $E2E_MISSING ]] && ! command -v dotnet >/dev/null 2>&1; then
    E2E_MISSING="no .NET SDK on PATH (it builds the launcher and the fake Promscale)"
  fi
  export E2E_MISSING
  [[ -z $E2E_MISSING ]] || return 0

  local repo=$BATS_FILE_TMPDIR/repo srv=$BATS_FILE_TMPDIR/srv started asset
  # Secrets of this run; hex, so that no quoting or percent-encoding hides them from the assertions.
  DB_PASSWORD=$(openssl rand -hex 20)
  WEB_PASSWORD=$(openssl rand -hex 24)
  export DB_PASSWORD WEB_PASSWORD

  pg_start "$DB_NAME" "$DB_PASSWORD" "$DB_NAME"
  export PG_DIR PG_DATA PG_PORT PG_LOG
  E2E_DB_URL="postgres://${DB_NAME}:${DB_PASSWORD}@127.0.0.1:${PG_PORT}/${DB_NAME}?sslmode=prefer"
  export E2E_DB_URL

  # A snapshot of the repository: the launcher and the fake are built from the same source even when
  # someone edits the work tree meanwhile.
  make_repo_copy "$repo" copy-src
  export E2E_REPO=$repo

  started=$SECONDS
  asset=$srv/$FAKE_VERSION/promscale_${FAKE_VERSION}_Linux_x86_64
  mkdir -p "$srv/$FAKE_VERSION"
  publish_fake_promscale "$repo" "$asset"
  echo "# timing: fake Promscale published as one file: $((SECONDS - started)) s" >&3
  make_checksums "$srv" "$FAKE_VERSION"
  export FAKE_ASSET=$asset

  start_server "$srv"
  export SERVER_LOG
  E2E_BUILD=$BATS_FILE_TMPDIR/build
  E2E_CACHE=$BATS_FILE_TMPDIR/cache
  E2E_ENV=$BATS_FILE_TMPDIR/env
  mkdir -p "$E2E_BUILD" "$E2E_CACHE" "$E2E_ENV"
  printf 'an app file\n' >"$E2E_BUILD/README.app"
  printf '%s' "$SERVER_URL" >"$E2E_ENV/PROMSCALE_DOWNLOAD_URL"
  printf '%s' "$E2E_DB_URL" >"$E2E_ENV/SCALINGO_POSTGRESQL_URL"
  printf '%s' "$WEB_USER" >"$E2E_ENV/PROMSCALE_WEB_AUTH_USERNAME"
  printf '%s' "$WEB_PASSWORD" >"$E2E_ENV/PROMSCALE_WEB_AUTH_PASSWORD"
  export E2E_BUILD E2E_CACHE E2E_ENV

  started=$SECONDS
  E2E_COMPILE_STATUS=0
  # The secrets reach compile through ENV_DIR only, as the app's variables do on Scalingo.
  env -u DB_PASSWORD -u WEB_PASSWORD -u E2E_DB_URL STACK=scalingo-22 \
    "$repo/bin/compile" "$E2E_BUILD" "$E2E_CACHE" "$E2E_ENV" \
    >"$BATS_FILE_TMPDIR/compile.out" 2>"$BATS_FILE_TMPDIR/compile.err" 3>&- || E2E_COMPILE_STATUS=$?
  export E2E_COMPILE_STATUS E2E_COMPILE_SECONDS=$((SECONDS - started))
  echo "# timing: bin/compile, cold cache (Promscale download + NuGet restore + Native AOT build): ${E2E_COMPILE_SECONDS} s" >&3
  share_build "$BATS_FILE_TMPDIR/fake-publish/fake-promscale"
  # Everything is downloaded; the first test reads the server's request log.
  stop_server
}

teardown_file() {
  stop_server
  pg_stop
}

# dotnet publish of the fake Promscale as a single framework-dependent file, copied to DEST. Its
# build output goes to a temporary artifacts path: nothing is written to the source tree.
publish_fake_promscale() {
  local repo=$1 dest=$2 out=$BATS_FILE_TMPDIR/fake-publish log=$BATS_FILE_TMPDIR/fake-publish.log
  (
    cd "$repo" &&
      DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
        dotnet publish src/Launcher.FakePromscale -c Release -r linux-x64 --self-contained false \
        -p:PublishSingleFile=true -p:DebugType=none \
        -o "$out" --artifacts-path "$BATS_FILE_TMPDIR/fake-artifacts" --disable-build-servers --nologo
  ) >"$log" 2>&1 3>&- || {
    echo "publishing the fake Promscale failed:" >&2
    tail -n 40 "$log" >&2
    return 1
  }
  cp "$out/fake-promscale" "$dest"
  chmod 0755 "$dest"
  if [[ $(FAKE_PROMSCALE_VERSION=$FAKE_VERSION "$dest" -version 2>/dev/null) != "$FAKE_VERSION" ]]; then
    echo "the published fake Promscale does not answer -version with ${FAKE_VERSION}" >&2
    return 1
  fi
}

# With PROMSCALE_CI_SHARED_BUILD set: the launcher that compile installed, its output and the fake
# Promscale FAKE, for .ci/aot-gate. Nothing is shared after a failed compile (the gate then builds).
share_build() {
  local dir=${PROMSCALE_CI_SHARED_BUILD:-} fake=$1
  [[ -n $dir && $E2E_COMPILE_STATUS -eq 0 && -x $E2E_BUILD/bin/promscale-launcher ]] || return 0
  mkdir -p "$dir"
  cp "$BATS_FILE_TMPDIR/compile.out" "$BATS_FILE_TMPDIR/compile.err" "$dir/"
  cp "$fake" "$dir/fake-promscale"
  cp "$E2E_BUILD/bin/promscale-launcher" "$dir/promscale-launcher"
}

setup() {
  if [[ -n $E2E_MISSING ]]; then
    # Conventions §7: skip locally when a tool is missing, fail in CI.
    [[ -z ${CI:-} ]] || {
      echo "CI is set but ${E2E_MISSING}" >&2
      return 1
    }
    skip "$E2E_MISSING"
  fi
  LAUNCHER_PID=''
  WEB_OUT=$BATS_TEST_TMPDIR/web.out
  WEB_ERR=$BATS_TEST_TMPDIR/web.err
}

# Whatever happened, nothing started by a test keeps running: the launcher, then anything started from
# BUILD_DIR (the fake Promscale is BUILD_DIR/bin/promscale), killed and reaped with bounded waits.
teardown() {
  [[ -n ${E2E_BUILD:-} ]] || return 0
  if [[ -z ${BATS_TEST_COMPLETED:-} && -s ${WEB_ERR:-} ]]; then
    echo "--- launcher stderr (the test failed)"
    cat "$WEB_ERR"
  fi
  if [[ -n ${LAUNCHER_PID:-} ]] && process_running "$LAUNCHER_PID"; then
    kill -KILL "$LAUNCHER_PID" 2>/dev/null || true
  fi
  local pid
  for pid in $(processes_from "$E2E_BUILD"); do
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait_until 10 no_process_from "$E2E_BUILD" || true
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.1 s until it succeeds; fails at the deadline.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

now_ms() {
  local now=${EPOCHREALTIME/[.,]/}
  printf '%s\n' "$((now / 1000))"
}

# The pids of the running processes whose executable lies under DIR.
processes_from() {
  find /proc -mindepth 2 -maxdepth 2 -name exe -lname "$1/*" 2>/dev/null | cut -d/ -f3
}

no_process_from() {
  [[ -z $(processes_from "$1") ]]
}

require_compiled() {
  [[ $E2E_COMPILE_STATUS -eq 0 && -x $E2E_BUILD/bin/promscale-launcher ]] || {
    echo "bin/compile failed in setup_file (status ${E2E_COMPILE_STATUS}): see the first test" >&2
    return 1
  }
}

# Fails when the text holds one of this run's secrets.
assert_no_secret_in() {
  local what=$1 text=$2
  if [[ $text == *"$DB_PASSWORD"* ]]; then
    echo "${what} shows the database password" >&2
    return 1
  fi
  if [[ $text == *"$WEB_PASSWORD"* ]]; then
    echo "${what} shows the basic-auth password" >&2
    return 1
  fi
}

# The web process type of bin/release, as a path inside BUILD_DIR (/app at run time is BUILD_DIR at
# build time), and the PATH that bin/release sets, likewise.
release_value() {
  "$E2E_REPO/bin/release" "$E2E_BUILD" | sed -n "s|^  $1: ||p" | sed -E "s#(^|:)/app(/|:|\$)#\1${E2E_BUILD}\2#g"
}

# The environment of the web container: only what Scalingo sets (HOME=/app, PORT, the addon's URL,
# the app's variables, the release's config_vars), plus the fake's version profile.
web_environment() {
  WEB_ENV=(
    "PATH=$(release_value PATH)"
    "HOME=$E2E_BUILD"
    "STACK=scalingo-22"
    "PORT=$1"
    "SCALINGO_POSTGRESQL_URL=$E2E_DB_URL"
    "PROMSCALE_WEB_AUTH_USERNAME=$WEB_USER"
    "PROMSCALE_WEB_AUTH_PASSWORD=$WEB_PASSWORD"
    "FAKE_PROMSCALE_VERSION=$FAKE_VERSION"
    "PROMSCALE_STARTUP_INSTALL_EXTENSIONS=false"
  )
}

http_status() {
  curl --silent --output /dev/null --write-out '%{http_code}' --max-time 5 "$@" || true
}

# True while PID runs (a zombie, exited but not yet reaped by its parent, does not count).
process_running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

launcher_exited() {
  ! process_running "$LAUNCHER_PID"
}

launcher_ready_or_exited() {
  grep -q 'ready: Promscale answers /healthz' "$WEB_ERR" || launcher_exited
}

@test "end to end: bin/compile into a fresh BUILD_DIR installs the served Promscale and the launcher built from source, showing no secret" {
  echo "--- stdout"
  cat "$BATS_FILE_TMPDIR/compile.out"
  echo "--- stderr"
  cat "$BATS_FILE_TMPDIR/compile.err"
  [ "$E2E_COMPILE_STATUS" -eq 0 ]
  local compile_out compile_err
  compile_out=$(<"$BATS_FILE_TMPDIR/compile.out")
  compile_err=$(<"$BATS_FILE_TMPDIR/compile.err")
  [[ $compile_out == *"-----> Installing Promscale ${FAKE_VERSION}"* ]]
  [[ $compile_out == *"Verified by: "*"checksums.txt"* ]]
  [[ $compile_out == *"Using the .NET SDK on PATH ("* ]]
  [[ $compile_out == *"Building promscale-launcher from source: dotnet publish, Native AOT, linux-x64"* ]]
  [[ $compile_out == *"       Built in "* ]]
  [[ $compile_out$compile_err != *"prebuilt"* && $compile_out$compile_err != *"PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER"* ]]
  # No build, trim or AOT warning (compile lists every distinct warning line of dotnet publish).
  [[ $compile_err != *"dotnet publish reported"* ]]
  [ -d "$E2E_CACHE/promscale-buildpack/nuget-packages/runtime.linux-x64.microsoft.dotnet.ilcompiler" ]
  # Nothing written to the source tree.
  [ ! -e "$E2E_REPO/artifacts" ]
  grep -qx "GET /${FAKE_VERSION}/promscale_${FAKE_VERSION}_Linux_x86_64 200" "$SERVER_LOG"
  grep -qx "GET /${FAKE_VERSION}/checksums.txt 200" "$SERVER_LOG"
  # The served asset, byte for byte, and a native launcher (ELF, no .NET host).
  [ "$(sha256_of "$E2E_BUILD/bin/promscale")" = "$(sha256_of "$FAKE_ASSET")" ]
  [ "$(od -An -tx1 -N4 "$E2E_BUILD/bin/promscale-launcher" | tr -d ' ')" = 7f454c46 ]
  run ! grep -q libhostfxr.so "$E2E_BUILD/bin/promscale-launcher"
  [ "$(find "$E2E_BUILD" -mindepth 1 | sort | tr '\n' ' ')" = "$E2E_BUILD/README.app $E2E_BUILD/bin $E2E_BUILD/bin/promscale $E2E_BUILD/bin/promscale-launcher " ]
  assert_no_secret_in "bin/compile's output" "$compile_out$compile_err"
  # Nor any other ENV_DIR value (the user name is no secret, and a common word).
  ENV_DIR=$E2E_ENV assert_no_env_value_in "$compile_out$compile_err" PROMSCALE_WEB_AUTH_USERNAME
  echo "# slug: $(du -sh "$E2E_BUILD" | cut -f1) (launcher $(du -h "$E2E_BUILD/bin/promscale-launcher" | cut -f1), fake Promscale $(du -h "$E2E_BUILD/bin/promscale" | cut -f1))" >&3
}

@test "end to end: a second compile from the warm cache reuses the launcher and Promscale with no SDK on PATH and no network" {
  require_compiled
  local build=$BATS_TEST_TMPDIR/build started=$SECONDS path_without_dotnet
  mkdir -p "$build"
  path_without_dotnet=$(path_without_dotnet)
  # The server is stopped since setup_file; STACK as in the first compile (it is part of the cache key).
  PATH=$path_without_dotnet STACK=scalingo-22 run --separate-stderr offline "$E2E_REPO/bin/compile" "$build" "$E2E_CACHE" "$E2E_ENV"
  echo "# timing: warm compile (everything cached, offline): $((SECONDS - started)) s" >&3
  echo "$output"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ $output == *"Using the launcher built earlier from the same source, SDK and stack"* ]]
  [[ $output == *"Using the cached promscale_${FAKE_VERSION}_Linux_x86_64 (no download)."* ]]
  [ "$(sha256_of "$build/bin/promscale-launcher")" = "$(sha256_of "$E2E_BUILD/bin/promscale-launcher")" ]
}

@test "end to end: the NuGet packages that the cold compile cached restore the launcher for Native AOT with no network" {
  require_compiled
  local home=$BATS_TEST_TMPDIR/home started=$SECONDS
  mkdir -p "$home"
  # What a rebuild after a source change needs from the network, i.e. the restore of bin/compile's
  # `dotnet publish` (same project, runtime and properties; the AOT compilation itself is local), run in
  # a network namespace without even loopback, against the packages in the build cache only.
  run offline env -C "$E2E_REPO" HOME="$home" DOTNET_CLI_HOME="$home" \
    NUGET_PACKAGES="$E2E_CACHE/promscale-buildpack/nuget-packages" NUGET_HTTP_CACHE_PATH="$home/http-cache" \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    dotnet restore src/Launcher --runtime linux-x64 --disable-build-servers \
    -p:PublishAot=true -p:DisableTransitiveFrameworkReferenceDownloads=true -p:NuGetAudit=false \
    -p:ArtifactsPath="$BATS_TEST_TMPDIR/artifacts"
  echo "# timing: offline restore from the build cache: $((SECONDS - started)) s" >&3
  echo "$output"
  [ "$status" -eq 0 ]
  [[ $output != *"warning NU"* ]]
}

@test "end to end: 'promscale-launcher check' from the slug (scalingo run) passes against PostgreSQL 14, showing no secret" {
  require_compiled
  web_environment "$(free_loopback_port)"
  run --separate-stderr env -C "$E2E_BUILD" -i "${WEB_ENV[@]}" "$E2E_BUILD/bin/promscale-launcher" check
  echo "--- stdout"
  echo "$output"
  echo "--- stderr"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ $output == *"Summary: "*" 0 failure(s): Promscale can start."* ]]
  assert_no_secret_in "check's output" "$output$stderr"
}

@test "end to end: the release's web command serves /healthz through basic auth on \$PORT and stops cleanly on SIGTERM" {
  require_compiled
  local web port started ready_ms stop_ms exit_status=0 promscale_pid
  web=$(release_value web)
  [ "$web" = "$E2E_BUILD/bin/promscale-launcher" ]
  port=$(free_loopback_port)
  web_environment "$port"

  started=$(now_ms)
  # As Scalingo starts it: the declared command itself (no shell), cwd = /app.
  (cd "$E2E_BUILD" && exec env -i "${WEB_ENV[@]}" "$web") >"$WEB_OUT" 2>"$WEB_ERR" 3>&- &
  LAUNCHER_PID=$!
  wait_until 90 launcher_ready_or_exited || true
  ready_ms=$(($(now_ms) - started))
  launcher_exited && {
    echo "the launcher exited before Promscale was ready" >&2
    return 1
  }
  grep -q 'ready: Promscale answers /healthz on port '"$port" "$WEB_ERR"
  echo "# timing: web process ready (preflight + fake Promscale 0.10.0 start): ${ready_ms} ms" >&3
  # The sslmode=prefer of the URL was upgraded, and every connection to the database used TLS.
  grep -qF "SCALINGO_POSTGRESQL_URL: has sslmode=prefer, which falls back to an unencrypted connection; the launcher and Promscale use sslmode=require instead." "$WEB_ERR"
  grep -qF "db.tls: The connection is encrypted (TLS, sslmode=require); Promscale uses the same sslmode." "$WEB_ERR"
  # Promscale's pool line: the URI it was given (password masked by Promscale itself).
  grep -qF "promscale: postgres://${DB_NAME}:****@127.0.0.1:${PG_PORT}/${DB_NAME}?sslmode=require&" "$WEB_ERR"
  # As on Scalingo, the database offers no promscale extension: 0.10.0 runs without it; and without
  # TimescaleDB here (see postgres.bash), which Promscale says itself.
  grep -qF "promscale.extension: Promscale 0.10.0 does not need the promscale extension (not installed)." "$WEB_ERR"
  grep -qF "Running Promscale without TimescaleDB." "$WEB_ERR"
  grep -q "connection authorized: user=${DB_NAME} database=${DB_NAME}.* SSL enabled" "$PG_LOG"
  [ -z "$(grep "connection authorized: user=${DB_NAME} " "$PG_LOG" | grep -v ' SSL enabled ' || true)" ]
  run ! grep -q 'no pg_hba.conf entry' "$PG_LOG"

  [ "$(http_status -u "$WEB_USER:$WEB_PASSWORD" "http://127.0.0.1:$port/healthz")" = 200 ]
  [ "$(http_status "http://127.0.0.1:$port/healthz")" = 401 ]
  [ "$(http_status -u "$WEB_USER:wrong" "http://127.0.0.1:$port/healthz")" = 401 ]

  promscale_pid=$(sed -n 's/.*Starting Promscale .* (pid \([0-9]*\)).*/\1/p' "$WEB_ERR" | head -n 1)
  [ -n "$promscale_pid" ]
  [ "$(readlink "/proc/$promscale_pid/exe")" = "$E2E_BUILD/bin/promscale" ]

  started=$(now_ms)
  kill -TERM "$LAUNCHER_PID"
  # Scalingo sends SIGKILL 30 s after SIGTERM: the launcher must be gone before that.
  wait_until 30 launcher_exited || {
    echo "the launcher still runs 30 s after SIGTERM" >&2
    return 1
  }
  wait "$LAUNCHER_PID" || exit_status=$?
  stop_ms=$(($(now_ms) - started))
  LAUNCHER_PID=''
  echo "--- launcher stdout"
  cat "$WEB_OUT"
  echo "--- launcher stderr"
  cat "$WEB_ERR"
  echo "# timing: SIGTERM to the launcher's exit: ${stop_ms} ms (exit status ${exit_status})" >&3
  [ "$exit_status" -eq 0 ]
  grep -q 'Promscale stopped [0-9]* ms after SIGTERM .*; exiting with 0' "$WEB_ERR"
  # Nothing left running: neither the fake Promscale nor anything else started from the slug.
  run ! process_running "$promscale_pid"
  no_process_from "$E2E_BUILD"
  assert_no_secret_in "the launcher's output" "$(<"$WEB_OUT")$(<"$WEB_ERR")"
}
