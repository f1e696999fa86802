# shellcheck shell=bash
# Shared set-up for the buildpack tests. Every test runs the real scripts on temporary BUILD, CACHE and
# ENV directories, against a loopback HTTP server (fixtures/serve.py) serving fixture files; nothing
# here reaches the internet.

bats_require_minimum_version 1.5.0

REPO_ROOT=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
readonly REPO_ROOT

# Writes a repository copy at DEST: buildpack/ and the root bin/ copied (tests may edit the recorded
# digests), the launcher's build files linked, and src/ linked, or copied with `copy-src` (tests may
# edit it, and it stays as it was when copied).
make_repo_copy() {
  local dest=$1 mode=${2:-link-src} name
  mkdir -p "$dest"
  cp -R "$REPO_ROOT/buildpack" "$dest/buildpack"
  cp -R "$REPO_ROOT/bin" "$dest/bin"
  for name in global.json Directory.Build.props Directory.Packages.props .editorconfig; do
    if [[ -e $REPO_ROOT/$name ]]; then
      ln -s "$REPO_ROOT/$name" "$dest/$name"
    fi
  done
  if [[ $mode == copy-src ]]; then
    # A snapshot: the source cannot change under a test (someone editing the work tree meanwhile).
    mkdir -p "$dest/src"
    tar -C "$REPO_ROOT/src" --exclude=bin --exclude=obj -cf - . | tar -C "$dest/src" -xf -
  else
    ln -s "$REPO_ROOT/src" "$dest/src"
  fi
}

# Fixture Promscale "binary" for VERSION: a script answering -version like the real one.
make_promscale_asset() {
  local root=$1 version=$2 dir=$1/$2
  mkdir -p "$dir"
  printf '#!/bin/sh\n# Stand-in for Promscale %s (buildpack test fixture).\necho %s\n' "$version" "$version" \
    >"$dir/promscale_${version}_Linux_x86_64"
}

sha256_of() {
  sha256sum "$1" | cut -d' ' -f1
}

sha512_of() {
  sha512sum "$1" | cut -d' ' -f1
}

# Writes a goreleaser-style checksums.txt for VERSION, with neighbouring assets whose names start
# like the binary's (the .deb line comes first), so that only an anchored match picks the right line.
make_checksums() {
  local dir=$1/$2 version=$2 asset
  asset=promscale_${version}_Linux_x86_64
  printf 'fixture-deb-%s\n' "$version" >"$dir/$asset.deb"
  {
    printf '%s  %s\n' "$(sha256_of "$dir/$asset.deb")" "$asset.deb"
    printf '%s  %s\n' "$(sha256_of "$dir/$asset")" "$asset"
    printf '%s  %s\n' "$(printf arm | sha256sum | cut -d' ' -f1)" "promscale_${version}_Linux_arm64"
    printf '%s  %s\n' "$(printf migrator | sha256sum | cut -d' ' -f1)" "prom-migrator_0.0.3_Linux_x86_64"
  } >"$dir/checksums.txt"
}

# Starts fixtures/serve.py on ROOT (127.0.0.1, a free port); sets SERVER_URL, SERVER_PID, SERVER_LOG.
# shellcheck disable=SC2034 # SERVER_URL and SERVER_LOG are read by the tests.
start_server() {
  local root=$1 port_file=$BATS_TEST_TMPDIR/server.port i
  SERVER_LOG=$BATS_TEST_TMPDIR/requests.log
  : >"$SERVER_LOG"
  rm -f "$port_file"
  # 3>&-: bats waits for its fd 3 to close; a background server must not hold it.
  python3 "$BATS_TEST_DIRNAME/fixtures/serve.py" "$root" "$port_file" "$SERVER_LOG" 3>&- &
  SERVER_PID=$!
  for ((i = 0; i < 100; i++)); do
    [[ -s $port_file ]] && break
    sleep 0.1
  done
  [[ -s $port_file ]] || { echo "the fixture server did not start" >&2; return 1; }
  SERVER_URL=http://127.0.0.1:$(<"$port_file")
}

stop_server() {
  if [[ -n ${SERVER_PID:-} ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=''
  fi
}

# Runs a command with no network at all (a fresh network namespace: not even loopback is up) where the
# kernel allows it; elsewhere runs it as is, which the callers back with a stopped server.
offline() {
  if unshare --net true 2>/dev/null; then
    unshare --net -- "$@"
  else
    "$@"
  fi
}

# Prints a PATH equal to the current one but without any `dotnet`: directories holding one are
# replaced by a directory of symbolic links to everything else in them.
path_without_dotnet() {
  local dir farm result='' index=0
  local -a dirs
  IFS=: read -r -a dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    if [[ -e $dir/dotnet ]]; then
      farm=$BATS_FILE_TMPDIR/path-without-dotnet-$index
      index=$((index + 1))
      if [[ ! -d $farm ]]; then
        mkdir -p "$farm"
        cp -s "$dir"/* "$farm"/ 2>/dev/null || true
        rm -f "$farm/dotnet"
      fi
      dir=$farm
    fi
    result+=${result:+:}$dir
  done
  printf '%s\n' "$result"
}

# Fresh BUILD_DIR (with an app file in it), CACHE_DIR and ENV_DIR for one test.
# shellcheck disable=SC2034 # read by the tests.
make_app_dirs() {
  BUILD_DIR=$BATS_TEST_TMPDIR/build
  CACHE_DIR=$BATS_TEST_TMPDIR/cache
  ENV_DIR=$BATS_TEST_TMPDIR/env
  mkdir -p "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  printf 'an app file\n' >"$BUILD_DIR/README.app"
}

# Stand-in launcher for the tests that are about Promscale, installed through compile's test option
# --test-prebuilt-launcher so that they do not depend on the launcher's source compiling.
make_stand_in_launcher() {
  local path=$BATS_FILE_TMPDIR/stand-in-launcher
  printf '#!/bin/sh\necho "stand-in launcher"\n' >"$path"
  chmod +x "$path"
  printf '%s\n' "$path"
}

# Prints the path of an executable that runs the compile script COMPILE with the arguments it is given
# plus --test-prebuilt-launcher and the stand-in launcher (an executable, so that `offline` can run it).
stand_in_compile() {
  local compile=$1 launcher wrapper=$BATS_TEST_TMPDIR/compile-with-stand-in
  launcher=$(make_stand_in_launcher)
  printf '#!/bin/sh\nexec "%s" "$@" --test-prebuilt-launcher "%s"\n' "$compile" "$launcher" >"$wrapper"
  chmod +x "$wrapper"
  printf '%s\n' "$wrapper"
}

# Asserts that BUILD_DIR holds nothing from the buildpack: no bin/, no partial file anywhere.
assert_nothing_installed() {
  if [[ -e $BUILD_DIR/bin ]]; then
    echo "BUILD_DIR/bin exists after a failed build:" >&2
    ls -la "$BUILD_DIR/bin" >&2
    return 1
  fi
  if [[ -n $(find "$BUILD_DIR" -name '*.partial' -print -quit) ]]; then
    echo "a partial file was left in BUILD_DIR" >&2
    return 1
  fi
}

# Fails when OUTPUT contains the content of any ENV_DIR file (besides the names listed as allowed).
assert_no_env_value_in() {
  local output=$1 file name value
  shift
  for file in "$ENV_DIR"/*; do
    name=${file##*/}
    [[ " $* " == *" $name "* ]] && continue
    value=$(<"$file")
    [[ -n $value ]] || continue
    if [[ $output == *"$value"* ]]; then
      echo "the output shows the value of ${name}" >&2
      return 1
    fi
  done
}
