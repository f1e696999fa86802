#!/usr/bin/env bats
# scripts/run-local, the README's first command, run for real: --help, a compile error, a failed
# Promscale download, and Ctrl-C typed on a real pseudo-terminal (tests/run-local/pty-run) with a Promscale
# that records the signals it receives (tests/run-local/signal-recording-promscale around the fake).

load helpers
bats_require_minimum_version 1.5.0

setup_file() {
  build_fake_promscale
}

setup() {
  MARKER="run-local-test-$$-$BATS_TEST_NUMBER-$RANDOM"
  export RUN_LOCAL_TEST_MARKER="$MARKER"
  export PROMSCALE_WEB_AUTH_USERNAME=prometheus PROMSCALE_WEB_AUTH_PASSWORD=run-local-test-password
  OUT="$BATS_TEST_TMPDIR/output"
}

teardown() {
  local pg_dir
  kill_marked "$MARKER"
  pg_dir="$(throwaway_pg_dir "$OUT" 2>/dev/null || true)"
  if [[ -n "$pg_dir" && -d "$pg_dir" ]]; then
    rm -rf "$pg_dir"
  fi
}

@test "--help, -h and help print the usage at once: no build, no PostgreSQL, no download" {
  local cache="$BATS_TEST_TMPDIR/pg-cache" arg
  recording_pg_cache "$cache"
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  printf '#!/bin/sh\necho "dotnet $*" >>"%s/started"\nexit 1\n' "$cache" >"$BATS_TEST_TMPDIR/bin/dotnet"
  chmod +x "$BATS_TEST_TMPDIR/bin/dotnet"
  for arg in --help -h help; do
    run env -u PROMSCALE_BIN -u SCALINGO_POSTGRESQL_URL -u DATABASE_URL \
      PATH="$BATS_TEST_TMPDIR/bin:$PATH" PROMSCALE_LAUNCHER_TEST_PG_CACHE="$cache" timeout 10 "$REPO/scripts/run-local" "$arg"
    echo "$output"
    [ "$status" -eq 0 ]
    [[ "$output" == *"Usage: scripts/run-local"* ]]
    [[ "$output" == *"PROMSCALE_BIN"* ]]
    [[ "$output" != *"throwaway PostgreSQL on"* && "$output" != *"fetching"* && "$output" != *"building"* ]]
    [ ! -e "$cache/started" ]
  done
}

@test "-- --help builds the launcher and prints its help, without PostgreSQL or a download" {
  local cache="$BATS_TEST_TMPDIR/pg-cache"
  recording_pg_cache "$cache"
  run env -u PROMSCALE_BIN -u SCALINGO_POSTGRESQL_URL -u DATABASE_URL PROMSCALE_LAUNCHER_TEST_PG_CACHE="$cache" \
    timeout 600 "$REPO/scripts/run-local" -- --help
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *"promscale-launcher [command] [options]"* ]]
  [[ "$output" == *"check"* ]]
  [[ "$output" != *"fetching"* ]]
  [ ! -e "$cache/started" ]
}

@test "a compile error shows dotnet's error and stops before PostgreSQL" {
  local copy="$BATS_TEST_TMPDIR/repo" cache="$BATS_TEST_TMPDIR/pg-cache"
  recording_pg_cache "$cache"
  mkdir -p "$copy"
  # The working tree's tracked files, so that the script under test is the one being changed.
  (cd "$REPO" && git ls-files -z | xargs -0 tar -cf - --) | tar -xf - -C "$copy"
  printf '\ninternal sealed class RunLocalTestBreak { internal static int Broken() => "not an int"; }\n' >>"$copy/src/Launcher/Program.cs"
  run env -u SCALINGO_POSTGRESQL_URL -u DATABASE_URL PROMSCALE_LAUNCHER_TEST_PG_CACHE="$cache" \
    timeout 600 "$copy/scripts/run-local"
  echo "$output"
  [ "$status" -ne 0 ]
  [[ "$output" == *"the launcher does not build (dotnet build exited"* ]]
  [[ "$output" == *"Program.cs"*"error CS0029"* ]]
  [ ! -e "$cache/started" ]
}

@test "a Promscale that cannot be downloaded: the cause, then what to do locally (PROMSCALE_BIN)" {
  if compgen -G "$REPO/.local/cache/promscale-buildpack/*" >/dev/null; then
    skip "a Promscale release is cached in .local/cache: nothing to download"
  fi
  if command -v promscale >/dev/null; then
    skip "a promscale on PATH: nothing to download"
  fi
  local closed
  closed="$(free_port)"
  # 127: the launcher's exit code for a missing Promscale binary, passed on by the script.
  run -127 env -u PROMSCALE_BIN PROMSCALE_DOWNLOAD_URL="http://127.0.0.1:$closed" PROMSCALE_LAUNCHER_DB_WAIT=0 \
    SCALINGO_POSTGRESQL_URL="postgresql://u:p@127.0.0.1:$closed/db" \
    timeout 600 "$REPO/scripts/run-local" check
  echo "$output"
  [[ "$output" == *"Could not download"* ]]
  [[ "$output" == *"set PROMSCALE_BIN=/path/to/promscale"* ]]
  [[ "$output" == *"github.com/timescale/promscale/releases"* ]]
  [[ "$output" != *"build container"* && "$output" != *"deployment"* ]]
  # The launcher still ran and gave its own diagnosis.
  [[ "$output" == *"FAIL  promscale.binary"* ]]
}

# Runs scripts/run-local on a pseudo-terminal with a throwaway PostgreSQL and the signal-recording
# Promscale; types Ctrl-C once the output matches $1 ('' for never). Further arguments are environment
# assignments. Sets status, output and SIGNALS.
run_on_terminal() {
  local interrupt_after="$1"
  shift
  SIGNALS="$BATS_TEST_TMPDIR/signals"
  run env -u SCALINGO_POSTGRESQL_URL -u DATABASE_URL PROMSCALE_BIN="$BATS_TEST_DIRNAME/signal-recording-promscale" \
    FAKE_PROMSCALE="$FAKE_PROMSCALE_DIR/fake-promscale" SIGNAL_LOG="$SIGNALS" \
    FAKE_PROMSCALE_SKIP_DATABASE=true FAKE_PROMSCALE_LOG_BURST=1 PROMSCALE_LAUNCHER_PREFLIGHT=warn \
    PORT="$(free_port)" "$@" \
    "$BATS_TEST_DIRNAME/pty-run" "$OUT" 300 "$interrupt_after" -- "$REPO/scripts/run-local"
  cat "$OUT"
  echo "signals received by Promscale:"
  cat "$SIGNALS" || true
}

@test "Ctrl-C on a terminal: Promscale gets one SIGINT, stops gracefully, the script exits 0 and removes PostgreSQL" {
  local pg_dir promscale_pid
  run_on_terminal 'log burst done'
  [ "$status" -eq 0 ]
  [ "$(cat "$SIGNALS")" = $'INT\nexit 0' ]
  grep -q 'SIGINT received: stopping Promscale' "$OUT"
  grep -q 'Promscale stopped .* after SIGINT (graceful shutdown, exit 0); exiting with 0' "$OUT"
  run grep -c 'SIGKILL' "$OUT"
  [ "$output" = 0 ]
  pg_dir="$(throwaway_pg_dir "$OUT")"
  [ -n "$pg_dir" ]
  [ ! -e "$pg_dir" ]
  promscale_pid="$(sed -n 's/.*Starting Promscale .* (pid \([0-9]*\)).*/\1/p' "$OUT")"
  [ -n "$promscale_pid" ]
  [ ! -e "/proc/$promscale_pid" ]
  [ -z "$(marked_pids "$MARKER")" ]
}

@test "the script exits with the launcher's code: Promscale exiting 3 on its own gives 3, PostgreSQL removed" {
  local pg_dir
  run_on_terminal '' FAKE_PROMSCALE_EXIT_AFTER_READY=3
  [ "$status" -eq 3 ]
  grep -q 'exited on its own with code 3' "$OUT"
  pg_dir="$(throwaway_pg_dir "$OUT")"
  [ -n "$pg_dir" ]
  [ ! -e "$pg_dir" ]
  [ -z "$(marked_pids "$MARKER")" ]
}
