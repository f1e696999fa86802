# shellcheck shell=bash
# shellcheck disable=SC2034 # the BENCH_BP_* variables are read by the scripts that source this file
# What bench/run needs to time the buildpack's bin/compile (issue 5: cold and warm, "warm ≤ 5 s"), set up as
# buildpack/test/end_to_end.bats plays a first deployment, without bats. The harness (BuildpackCompileScenario)
# runs and times the compiles; this file prepares what they need and removes it:
# - a snapshot of the repository in DIR/repo: the root bin/ wrappers, buildpack/, src/ without bin/ and obj/,
#   and the repository-wide build files. The compiles build the source bench/run started with even while the
#   work tree changes (a change would also change the launcher's cache key and turn a warm compile into a
#   rebuild), and the buildpack's tree never writes into the work tree;
# - a loopback release mirror: buildpack/test/fixtures/serve.py (the buildpack tests' server: 127.0.0.1, a free
#   port, every request logged) serving a Promscale stand-in as promscale_0.10.0_Linux_x86_64, with a
#   goreleaser-style checksums.txt. The stand-in is a 3-line shell script: the real binary cannot be downloaded here;
# - an ENV_DIR holding PROMSCALE_DOWNLOAD_URL, as an operator's mirror variable.
# Every compile's TMPDIR and working directory are inside DIR, so that bench_bp_stop finds whatever a compile
# left running (dotnet, the ILCompiler) if the harness was killed in the middle of one.
#
#   bench_bp_start DIR       creates DIR (must not exist), the snapshot, the mirror's files and ENV_DIR, and starts
#                            the mirror; sets BENCH_BP_DIR, BENCH_BP_REPO, BENCH_BP_ENV_DIR, BENCH_BP_REQUEST_LOG,
#                            BENCH_BP_ASSET, BENCH_BP_STACK
#   bench_bp_seed_cache CACHE_DIR LAUNCHER
#                            puts the executable LAUNCHER into CACHE_DIR as the buildpack's cached launcher, under
#                            the key the buildpack's own bp_launcher_key gives the snapshot (bench/run --quick: a
#                            warm compile without a cold one first)
#   bench_bp_stop            stops the mirror, kills what is left of a compile (processes whose working directory
#                            is in DIR), removes DIR; safe to call twice or when nothing was started

readonly BENCH_BP_PROMSCALE_VERSION=0.10.0
BENCH_BP_DIR=''
BENCH_BP_REPO=''
BENCH_BP_ENV_DIR=''
BENCH_BP_REQUEST_LOG=''
BENCH_BP_ASSET=''
# STACK is part of the launcher's cache key: the compiles and bench_bp_seed_cache must agree on it.
BENCH_BP_STACK=scalingo-22
BENCH_BP_SERVER_PID=''

# The repository files the buildpack reads (bin/compile, its lib/, the launcher's source and build files).
bench_bp_snapshot() {
  local source="$1" dest="$2" name
  mkdir -p "$dest/src"
  cp -R "$source/buildpack" "$dest/buildpack"
  cp -R "$source/bin" "$dest/bin"
  for name in global.json Directory.Build.props Directory.Packages.props .editorconfig nuget.config NuGet.Config; do
    if [[ -e "$source/$name" ]]; then
      cp "$source/$name" "$dest/$name"
    fi
  done
  tar -C "$source/src" --exclude=bin --exclude=obj -cf - . | tar -C "$dest/src" -xf -
}

bench_bp_start() {
  local dir="$1" repo mirror port_file asset i
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  mkdir "$dir"
  BENCH_BP_DIR="$dir"
  mkdir -p "$dir/tmp" "$dir/runs" "$dir/env" "$dir/mirror/$BENCH_BP_PROMSCALE_VERSION"
  bench_bp_snapshot "$repo" "$dir/repo"
  BENCH_BP_REPO="$dir/repo"

  asset="promscale_${BENCH_BP_PROMSCALE_VERSION}_Linux_x86_64"
  mirror="$dir/mirror/$BENCH_BP_PROMSCALE_VERSION"
  printf '#!/bin/sh\n# Stand-in for Promscale %s (bench/run).\necho %s\n' "$BENCH_BP_PROMSCALE_VERSION" \
    "$BENCH_BP_PROMSCALE_VERSION" >"$mirror/$asset"
  printf 'deb stand-in\n' >"$mirror/$asset.deb"
  # As goreleaser writes it: neighbouring assets whose names start like the binary's, the .deb first.
  (cd "$mirror" && sha256sum "$asset.deb" "$asset") >"$mirror/checksums.txt"
  BENCH_BP_ASSET="$mirror/$asset"

  BENCH_BP_REQUEST_LOG="$dir/requests.log"
  port_file="$dir/mirror.port"
  : >"$BENCH_BP_REQUEST_LOG"
  python3 "$BENCH_BP_REPO/buildpack/test/fixtures/serve.py" "$dir/mirror" "$port_file" "$BENCH_BP_REQUEST_LOG" \
    </dev/null >"$dir/mirror.log" 2>&1 &
  BENCH_BP_SERVER_PID=$!
  for ((i = 0; i < 100; i++)); do
    [[ -s "$port_file" ]] && break
    sleep 0.1
  done
  if [[ ! -s "$port_file" ]]; then
    echo "bench: the loopback release mirror did not start:" >&2
    cat "$dir/mirror.log" >&2
    return 1
  fi
  BENCH_BP_ENV_DIR="$dir/env"
  printf 'http://127.0.0.1:%s' "$(<"$port_file")" >"$BENCH_BP_ENV_DIR/PROMSCALE_DOWNLOAD_URL"
}

bench_bp_seed_cache() {
  local cache="$1" launcher="$2"
  [[ -n "$BENCH_BP_REPO" ]] || return 1
  # A subshell: the buildpack's libraries set globals and readonly variables of their own.
  (
    set -euo pipefail
    BP_DIR="$BENCH_BP_REPO/buildpack"
    REPO_DIR="$BENCH_BP_REPO"
    BP_CACHE="$cache/promscale-buildpack"
    BP_TMP="$BENCH_BP_DIR/tmp"
    export STACK="$BENCH_BP_STACK"
    # shellcheck source=buildpack/lib/output.sh
    source "$BP_DIR/lib/output.sh"
    # shellcheck source=buildpack/lib/env.sh
    source "$BP_DIR/lib/env.sh"
    # shellcheck source=buildpack/lib/fetch.sh
    source "$BP_DIR/lib/fetch.sh"
    # shellcheck source=buildpack/lib/digest.sh
    source "$BP_DIR/lib/digest.sh"
    # shellcheck source=buildpack/lib/dotnet_sdk.sh
    source "$BP_DIR/lib/dotnet_sdk.sh"
    # shellcheck source=buildpack/lib/launcher.sh
    source "$BP_DIR/lib/launcher.sh"
    # Explicit checks: callers use `bench_bp_seed_cache ... || fail`, where set -e does not apply.
    local key entry
    bp_dotnet_select
    key="$(bp_launcher_key)" && [[ -n "$key" ]] || exit 1
    entry="$BP_CACHE/launcher/$key"
    mkdir -p "$entry" && cp "$launcher" "$entry/$LAUNCHER_NAME" && chmod 0755 "$entry/$LAUNCHER_NAME" || exit 1
    bp_sha256 "$entry/$LAUNCHER_NAME" >"$entry/$LAUNCHER_NAME.sha256" || exit 1
  )
}

# The pids of the processes whose working directory is DIR or below (a deleted one included). One find, no
# process per pid: this runs while the machine may be busy.
bench_bp_processes_in() {
  find /proc -mindepth 2 -maxdepth 2 -name cwd \( -lname "$1" -o -lname "$1/*" \) 2>/dev/null | cut -d/ -f3
  return 0
}

bench_bp_stop() {
  local pid i left
  if [[ -n "$BENCH_BP_SERVER_PID" ]]; then
    kill "$BENCH_BP_SERVER_PID" 2>/dev/null || true
    wait "$BENCH_BP_SERVER_PID" 2>/dev/null || true
    BENCH_BP_SERVER_PID=''
  fi
  if [[ -n "$BENCH_BP_DIR" && -d "$BENCH_BP_DIR" ]]; then
    # Only after a killed harness: a compile it was timing (bash, dotnet, MSBuild, the ILCompiler). Bounded.
    for ((i = 0; i < 50; i++)); do
      left="$(bench_bp_processes_in "$BENCH_BP_DIR")"
      [[ -n "$left" ]] || break
      for pid in $left; do
        kill -KILL "$pid" 2>/dev/null || true
      done
      sleep 0.1
    done
    if [[ -n "$left" ]]; then
      echo "bench: processes still running in $BENCH_BP_DIR: $left" >&2
    fi
    rm -rf "$BENCH_BP_DIR"
  fi
  BENCH_BP_DIR=''
}
