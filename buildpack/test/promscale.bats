#!/usr/bin/env bats
# bats 1.8 drops the leading blanks of $stderr's first line: assertions match " $stderr".
# bin/compile, Promscale part: version choice, download, layered verification, cache, errors, secrecy.
# The launcher step uses a stand-in (compile's --test-prebuilt-launcher); end_to_end.bats builds the real one.

# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr.
load helpers

setup_file() {
  local root=$BATS_FILE_TMPDIR/srv version
  for version in 0.10.0 0.17.0 0.12.0 0.13.0 0.14.0; do
    make_promscale_asset "$root" "$version"
  done
  make_checksums "$root" 0.10.0
  make_checksums "$root" 0.17.0
  # 0.12.0: checksums.txt disagrees with the binary (a tampered or corrupted release).
  make_checksums "$root" 0.12.0
  sed -i "s/^$(sha256_of "$root/0.12.0/promscale_0.12.0_Linux_x86_64")/$(printf other | sha256sum | cut -d' ' -f1)/" "$root/0.12.0/checksums.txt"
  # 0.13.0: no checksums.txt at all. 0.14.0: a checksums.txt without a line for the Linux binary.
  make_checksums "$root" 0.14.0
  sed -i '/promscale_0.14.0_Linux_x86_64$/d' "$root/0.14.0/checksums.txt"
  export FIXTURES=$root
}

setup() {
  make_app_dirs
  make_repo_copy "$BATS_TEST_TMPDIR/repo"
  COMPILE=$(stand_in_compile "$BATS_TEST_TMPDIR/repo/buildpack/bin/compile")
  start_server "$FIXTURES"
  printf '%s' "$SERVER_URL" >"$ENV_DIR/PROMSCALE_DOWNLOAD_URL"
}

teardown() {
  stop_server
}

digest_of_fixture() {
  sha256_of "$FIXTURES/$1/promscale_$1_Linux_x86_64"
}

@test "installs the default Promscale 0.10.0 and the launcher when PROMSCALE_VERSION is unset" {
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"-----> Installing Promscale 0.10.0"* ]]
  [[ $output == *"       Default version; set PROMSCALE_VERSION to choose another."* ]]
  [[ $output == *"-----> Installing promscale-launcher"* ]]
  [ "$("$BUILD_DIR/bin/promscale" -version)" = 0.10.0 ]
  [ -x "$BUILD_DIR/bin/promscale-launcher" ]
  [ "$(sha256_of "$BUILD_DIR/bin/promscale")" = "$(digest_of_fixture 0.10.0)" ]
  # The app's own files are untouched, and nothing else is added to the slug.
  [ "$(<"$BUILD_DIR/README.app")" = "an app file" ]
  [ "$(find "$BUILD_DIR" -mindepth 1 | sort | tr '\n' ' ')" = "$BUILD_DIR/README.app $BUILD_DIR/bin $BUILD_DIR/bin/promscale $BUILD_DIR/bin/promscale-launcher " ]
  grep -qx 'GET /0.10.0/promscale_0.10.0_Linux_x86_64 200' "$SERVER_LOG"
  grep -qx 'GET /0.10.0/checksums.txt 200' "$SERVER_LOG"
}

@test "reads PROMSCALE_VERSION from ENV_DIR, tolerating a trailing newline, and explains the default" {
  printf '0.17.0\n' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"-----> Installing Promscale 0.17.0"* ]]
  [[ $output == *"Requested by PROMSCALE_VERSION. The default is 0.10.0: the last Promscale"* ]]
  [[ $output == *"that runs without the 'promscale' PostgreSQL extension, which Scalingo for PostgreSQL does not offer."* ]]
  [[ " $stderr" == *" !     Promscale 0.17.0 requires the 'promscale' extension (mandatory since 0.11.0):"* ]]
  [ "$("$BUILD_DIR/bin/promscale" -version)" = 0.17.0 ]
}

@test "reads PROMSCALE_VERSION from the environment when ENV_DIR has no such file, and ENV_DIR wins over it" {
  PROMSCALE_VERSION=0.17.0 run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [ "$("$BUILD_DIR/bin/promscale" -version)" = 0.17.0 ]

  printf '0.10.0' >"$ENV_DIR/PROMSCALE_VERSION"
  PROMSCALE_VERSION=0.17.0 run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Requested by PROMSCALE_VERSION (also the default)."* ]]
  [ "$("$BUILD_DIR/bin/promscale" -version)" = 0.10.0 ]
}

@test "rejects invalid PROMSCALE_VERSION values with a clear error, before any download" {
  local case_index value
  local -a values=(latest ../x 0.10 v0.10.0 '' 0.10.0/../../x '0.10.0 ' 1.2.3.4 0.11.0-alpha.3)
  local -a problems=(
    "is a word, not a release version"
    "looks like a path"
    "has two numbers; a release version has three"
    "starts with 'v', but Promscale's release tags have none"
    "is set but empty"
    "looks like a path"
    "contains white space"
    "is not a release version of the form X.Y.Z"
    "is not a release version of the form X.Y.Z"
  )
  for case_index in "${!values[@]}"; do
    value=${values[case_index]}
    printf '%s' "$value" >"$ENV_DIR/PROMSCALE_VERSION"
    run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
    echo "value [$value]: status $status, stderr: $stderr"
    [ "$status" -eq 1 ]
    [[ " $stderr" == " !     PROMSCALE_VERSION ${problems[case_index]}"* ]]
    [[ " $stderr" == *"scalingo env-set PROMSCALE_VERSION=0.10.0"* ]]
    # The message describes the value without repeating it (the values below appear in no message).
    if [[ $value == ../x || $value == 0.10.0/../../x || $value == 1.2.3.4 || $value == 0.11.0-alpha.3 ]]; then
      [[ $output$stderr != *"$value"* ]]
    fi
    assert_nothing_installed
  done
  [ ! -s "$SERVER_LOG" ]
}

@test "an unpinned version is verified by the release's checksums.txt only, anchored on the exact asset name, and says so" {
  printf '0.17.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"       sha256 $(digest_of_fixture 0.17.0)"* ]]
  [[ $output == *"       Verified by: checksums.txt of the release"$'\n'* ]]
  [[ $output == *"Not pinned outside the download host"* ]]
  [[ $output == *"buildpack/bin/record-digest promscale 0.17.0"* ]]
}

@test "a digest pinned by PROMSCALE_SHA256 is checked too, and named among the layers" {
  digest_of_fixture 0.10.0 | tr a-f A-F >"$ENV_DIR/PROMSCALE_SHA256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Verified by: checksums.txt of the release, PROMSCALE_SHA256"* ]]
  [[ $output != *"Not pinned"* ]]
}

@test "a digest recorded in buildpack/checksums/promscale.sha256 is checked too, and named among the layers" {
  printf '%s  promscale_0.10.0_Linux_x86_64\n' "$(digest_of_fixture 0.10.0)" \
    >>"$BATS_TEST_TMPDIR/repo/buildpack/checksums/promscale.sha256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Verified by: checksums.txt of the release, buildpack/checksums/promscale.sha256"* ]]
}

@test "a pinned-digest mismatch fails with expected and actual digests and leaves nothing installed or cached" {
  local wrong
  wrong=$(printf 'not promscale' | sha256sum | cut -d' ' -f1)
  printf '%s\n' "$wrong" >"$ENV_DIR/PROMSCALE_SHA256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Checksum mismatch for promscale_0.10.0_Linux_x86_64: the download does not match the pinned digest."* ]]
  [[ " $stderr" == *"expected sha256 ${wrong} (PROMSCALE_SHA256)"* ]]
  [[ " $stderr" == *"actual   sha256 $(digest_of_fixture 0.10.0)"* ]]
  [[ " $stderr" == *"The downloaded file was deleted and nothing was installed."* ]]
  assert_nothing_installed
  [ -z "$(find "$CACHE_DIR" -type f)" ]
  [ -z "$(find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'promscale-buildpack.*' -newer "$ENV_DIR/PROMSCALE_SHA256" 2>/dev/null)" ]
}

@test "a mismatch with the digest recorded in the buildpack fails and leaves nothing installed" {
  local wrong
  wrong=$(printf 'not promscale' | sha256sum | cut -d' ' -f1)
  printf '%s  promscale_0.10.0_Linux_x86_64\n' "$wrong" >>"$BATS_TEST_TMPDIR/repo/buildpack/checksums/promscale.sha256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"expected sha256 ${wrong} (buildpack/checksums/promscale.sha256)"* ]]
  assert_nothing_installed
  [ -z "$(find "$CACHE_DIR" -type f)" ]
}

@test "a binary that does not match the release's checksums.txt is refused and deleted" {
  printf '0.12.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"Checksum mismatch for promscale_0.12.0_Linux_x86_64: the download does not match the release's checksums.txt."* ]]
  [[ " $stderr" == *"expected sha256 $(printf other | sha256sum | cut -d' ' -f1) (checksums.txt)"* ]]
  [[ " $stderr" == *"actual   sha256 $(digest_of_fixture 0.12.0)"* ]]
  assert_nothing_installed
  [ -z "$(find "$CACHE_DIR" -type f)" ]
}

@test "PROMSCALE_SHA256 that is not a digest, or that disagrees with the recorded one, is refused without showing it" {
  printf 'sha256:s3cr3t-looking-nonsense' >"$ENV_DIR/PROMSCALE_SHA256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"PROMSCALE_SHA256 is not a SHA-256 digest (64 hexadecimal characters)."* ]]
  [[ $output$stderr != *"s3cr3t-looking-nonsense"* ]]

  digest_of_fixture 0.10.0 >"$ENV_DIR/PROMSCALE_SHA256"
  printf '%s  promscale_0.10.0_Linux_x86_64\n' "$(printf other | sha256sum | cut -d' ' -f1)" \
    >>"$BATS_TEST_TMPDIR/repo/buildpack/checksums/promscale.sha256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"The digests pinned for promscale_0.10.0_Linux_x86_64 disagree:"* ]]
  assert_nothing_installed
  [ ! -s "$SERVER_LOG" ]
}

@test "without checksums.txt, or without a line for the asset, an unpinned download is refused; a pinned one proceeds with a warning" {
  printf '0.13.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"Could not download checksums.txt of the release from the mirror in PROMSCALE_DOWNLOAD_URL: the server answered HTTP 404."* ]]
  assert_nothing_installed

  printf '0.14.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"checksums.txt of the release has no line for promscale_0.14.0_Linux_x86_64: cannot verify the download."* ]]
  assert_nothing_installed

  printf '0.13.0' >"$ENV_DIR/PROMSCALE_VERSION"
  digest_of_fixture 0.13.0 >"$ENV_DIR/PROMSCALE_SHA256"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ " $stderr" == *"The release has no checksums.txt (the server answered HTTP 404): relying on the pinned digest only."* ]]
  [[ $output == *"Verified by: PROMSCALE_SHA256"* ]]
}

@test "a second compile succeeds from the cache with the server stopped and no network at all" {
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  stop_server
  rm -rf "${BUILD_DIR:?}/bin"
  run --separate-stderr offline "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Using the cached promscale_0.10.0_Linux_x86_64 (no download)."* ]]
  [[ $output == *"Verified by: checksums.txt of the release (when downloaded), the digest recorded in the cache"* ]]
  [ "$(sha256_of "$BUILD_DIR/bin/promscale")" = "$(digest_of_fixture 0.10.0)" ]
}

@test "a warm compile sends no request to the download host" {
  run "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  : >"$SERVER_LOG"
  run "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [ ! -s "$SERVER_LOG" ]
}

@test "a corrupted cached binary is evicted and downloaded again" {
  local cached
  run "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  cached=$(find "$CACHE_DIR" -name promscale_0.10.0_Linux_x86_64)
  printf 'garbage' >>"$cached"
  : >"$SERVER_LOG"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ " $stderr" == *" !     The cached promscale_0.10.0_Linux_x86_64 is corrupt (expected sha256 $(digest_of_fixture 0.10.0), found "* ]]
  [[ " $stderr" == *"evicted from the cache, downloading it again."* ]]
  grep -qx 'GET /0.10.0/promscale_0.10.0_Linux_x86_64 200' "$SERVER_LOG"
  [ "$(sha256_of "$cached")" = "$(digest_of_fixture 0.10.0)" ]
  [ "$(sha256_of "$BUILD_DIR/bin/promscale")" = "$(digest_of_fixture 0.10.0)" ]
}

@test "a truncated cached binary with the server down is evicted, and the build fails clearly without installing" {
  run "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  : >"$(find "$CACHE_DIR" -name promscale_0.10.0_Linux_x86_64)"
  stop_server
  rm -rf "${BUILD_DIR:?}/bin"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"is corrupt"* ]]
  [[ " $stderr" == *"Could not download promscale_0.10.0_Linux_x86_64 from the mirror in PROMSCALE_DOWNLOAD_URL: the connection was refused or the host is unreachable."* ]]
  assert_nothing_installed
  [ -z "$(find "$CACHE_DIR" -name 'promscale_*')" ]
}

@test "changing the version leaves only the version in use in the cache" {
  run "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  printf '0.17.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [ "$(find "$CACHE_DIR" -name 'promscale_*' -printf '%f\n')" = promscale_0.17.0_Linux_x86_64 ]
}

@test "a version that the download host does not have gives a clear 404 error" {
  printf '0.99.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Could not download promscale_0.99.0_Linux_x86_64 from the mirror in PROMSCALE_DOWNLOAD_URL: the server answered HTTP 404 (not found)."* ]]
  [[ " $stderr" == *"Check PROMSCALE_VERSION: the release or this asset does not exist there (the last release is 0.17.0)."* ]]
  assert_nothing_installed
}

@test "an unreachable download host gives a clear error saying what to do" {
  stop_server
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"Could not download promscale_0.10.0_Linux_x86_64 from the mirror in PROMSCALE_DOWNLOAD_URL: the connection was refused or the host is unreachable."* ]]
  [[ " $stderr" == *"The build container needs outbound HTTPS to that host."* ]]
  [[ " $stderr" == *"later builds of the same version use the build cache and need no network."* ]]
  assert_nothing_installed
}

@test "the output never shows the value of an ENV_DIR variable, on success or on failure" {
  # A mirror URL with a secret-looking token in it: the fixture server serves it through a link.
  ln -s "$FIXTURES" "$BATS_TEST_TMPDIR/mirror-token-Zq8sEcReT"
  stop_server
  start_server "$BATS_TEST_TMPDIR"
  printf '%s/mirror-token-Zq8sEcReT' "$SERVER_URL" >"$ENV_DIR/PROMSCALE_DOWNLOAD_URL"
  printf 'pa55-Wd-9f3kLx2\n' >"$ENV_DIR/PROMSCALE_WEB_AUTH_PASSWORD"
  printf 'scraper-7f2k\n' >"$ENV_DIR/PROMSCALE_WEB_AUTH_USERNAME"
  printf 'postgresql://app_4553:Db-s3cr3t-Pw@db.example.invalid:31000/app_4553?sslmode=prefer' >"$ENV_DIR/SCALINGO_POSTGRESQL_URL"
  cp "$ENV_DIR/SCALINGO_POSTGRESQL_URL" "$ENV_DIR/DATABASE_URL"
  printf 'AKIA-EXAMPLE-SECRET-KEY' >"$ENV_DIR/AWS_SECRET_ACCESS_KEY"
  local all=''
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  all+=$output$stderr
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  all+=$output$stderr
  printf '0.99.0' >"$ENV_DIR/PROMSCALE_VERSION"
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  all+=$output$stderr
  stop_server
  run --separate-stderr "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  all+=$output$stderr
  [[ $all == *"mirror in PROMSCALE_DOWNLOAD_URL"* ]]
  # PROMSCALE_VERSION is shown once validated (a version cannot hold a secret); nothing else is.
  assert_no_env_value_in "$all" PROMSCALE_VERSION
  [[ $all != *"127.0.0.1"* ]]
}
