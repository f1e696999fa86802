#!/usr/bin/env bats
# bin/detect, bin/release, the root bin/ wrappers, and bin/compile's argument checks.

load helpers

setup() {
  make_app_dirs
  make_repo_copy "$BATS_TEST_TMPDIR/repo"
  REPO=$BATS_TEST_TMPDIR/repo
}

@test "detect prints the name and applies to any app, even an empty one" {
  run --separate-stderr "$REPO/buildpack/bin/detect" "$BUILD_DIR"
  [ "$status" -eq 0 ]
  [ "$output" = Promscale ]
  [ -z "$stderr" ]
  rm -rf "${BUILD_DIR:?}"/*
  run "$REPO/buildpack/bin/detect" "$BUILD_DIR"
  [ "$status" -eq 0 ]
  [ "$output" = Promscale ]
}

@test "release declares the launcher as the web process and PATH, and no addons" {
  run --separate-stderr "$REPO/buildpack/bin/release" "$BUILD_DIR"
  [ "$status" -eq 0 ]
  [ -z "$stderr" ]
  [ "$output" = "---
config_vars:
  PATH: /app/bin:/usr/local/bin:/usr/bin:/bin
default_process_types:
  web: /app/bin/promscale-launcher" ]
}

@test "the root bin/ scripts hand over to buildpack/bin/ with the same arguments and results" {
  local script
  for script in detect release; do
    [ "$("$REPO/bin/$script" "$BUILD_DIR")" = "$("$REPO/buildpack/bin/$script" "$BUILD_DIR")" ]
  done
  run --separate-stderr "$REPO/bin/compile" "$BUILD_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Usage: bin/compile BUILD_DIR CACHE_DIR [ENV_DIR]"* ]]
}

@test "the root bin/compile installs Promscale, and the launcher where release's web command runs it" {
  local root=$BATS_TEST_TMPDIR/srv web
  make_promscale_asset "$root" 0.10.0
  make_checksums "$root" 0.10.0
  start_server "$root"
  printf '%s' "$SERVER_URL" >"$ENV_DIR/PROMSCALE_DOWNLOAD_URL"
  run "$REPO/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR" --test-prebuilt-launcher "$(make_stand_in_launcher)"
  stop_server
  [ "$status" -eq 0 ]
  [ -x "$BUILD_DIR/bin/promscale" ]
  # /app at run time is BUILD_DIR at build time (scalingo-platform.md §1.3).
  web=$("$REPO/bin/release" "$BUILD_DIR" | sed -n 's/^  web: //p')
  [ "$("${web/#\/app/$BUILD_DIR}")" = "stand-in launcher" ]
}

@test "compile refuses a BUILD_DIR or ENV_DIR that is not a directory" {
  run --separate-stderr "$REPO/buildpack/bin/compile" "$BATS_TEST_TMPDIR/missing" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     BUILD_DIR is not a directory."* ]]
  run --separate-stderr "$REPO/buildpack/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$BATS_TEST_TMPDIR/missing"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     ENV_DIR is not a directory."* ]]
}

@test "compile's test option --test-prebuilt-launcher needs an executable file; a fourth argument is refused" {
  run --separate-stderr "$REPO/buildpack/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR" --test-prebuilt-launcher
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     --test-prebuilt-launcher needs a file."* ]]
  printf 'not executable\n' >"$BATS_TEST_TMPDIR/launcher"
  run --separate-stderr "$REPO/buildpack/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR" --test-prebuilt-launcher "$BATS_TEST_TMPDIR/launcher"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     --test-prebuilt-launcher does not name an executable file."* ]]
  assert_nothing_installed
  run --separate-stderr "$REPO/buildpack/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR" extra
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Usage: bin/compile BUILD_DIR CACHE_DIR [ENV_DIR]"* ]]
}
