#!/usr/bin/env bats
# bin/record-digest: records a digest in buildpack/checksums/ only when the download matches its
# publisher's list, never overwrites a different one; bin/compile then uses it as a second layer.
# bats 1.8 drops the leading blanks of $stderr's first line: assertions match " $stderr".

# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr.
load helpers

setup() {
  local root=$BATS_TEST_TMPDIR/srv stage=$BATS_TEST_TMPDIR/sdk-stage
  make_app_dirs
  make_repo_copy "$BATS_TEST_TMPDIR/repo"
  REPO=$BATS_TEST_TMPDIR/repo
  make_promscale_asset "$root" 0.10.0
  make_checksums "$root" 0.10.0
  make_promscale_asset "$root" 0.12.0
  make_checksums "$root" 0.12.0
  printf '%s  promscale_0.12.0_Linux_x86_64\n' "$(printf other | sha256sum | cut -d' ' -f1)" >"$root/0.12.0/checksums.txt"
  mkdir -p "$stage" "$root/Sdk/10.0.401" "$root/release-metadata/10.0"
  printf 'fixture SDK\n' >"$stage/README"
  tar -czf "$root/Sdk/10.0.401/dotnet-sdk-10.0.401-linux-x64.tar.gz" -C "$stage" .
  SDK_DIGEST=$(sha512_of "$root/Sdk/10.0.401/dotnet-sdk-10.0.401-linux-x64.tar.gz")
  printf '{"releases":[{"sdk":{"version":"10.0.401","files":[{"rid":"linux-x64","url":"https://example.invalid/Sdk/10.0.401/dotnet-sdk-10.0.401-linux-x64.tar.gz","hash":"%s"}]}}]}\n' \
    "$SDK_DIGEST" >"$root/release-metadata/10.0/releases.json"
  start_server "$root"
  export PROMSCALE_DOWNLOAD_URL=$SERVER_URL PROMSCALE_BUILDPACK_DOTNET_URL=$SERVER_URL
  FIXTURES=$root
}

teardown() {
  stop_server
}

@test "records a Promscale digest that matches checksums.txt; bin/compile then verifies by it; a second run changes nothing" {
  local digest list=$REPO/buildpack/checksums/promscale.sha256
  digest=$(sha256_of "$FIXTURES/0.10.0/promscale_0.10.0_Linux_x86_64")
  run "$REPO/buildpack/bin/record-digest" promscale 0.10.0
  [ "$status" -eq 0 ]
  [[ $output == *"Matches the release's checksums.txt."* ]]
  [[ $output == *"Recorded in buildpack/checksums/promscale.sha256: ${digest}  promscale_0.10.0_Linux_x86_64"* ]]
  [ "$(grep -c "^${digest}  promscale_0.10.0_Linux_x86_64$" "$list")" -eq 1 ]

  run "$REPO/buildpack/bin/record-digest" promscale 0.10.0
  [ "$status" -eq 0 ]
  [[ $output == *"Already recorded in buildpack/checksums/promscale.sha256: nothing to do."* ]]
  [ "$(grep -c "promscale_0.10.0_Linux_x86_64$" "$list")" -eq 1 ]

  run "$REPO/buildpack/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR" --test-prebuilt-launcher "$(make_stand_in_launcher)"
  [ "$status" -eq 0 ]
  [[ $output == *"Verified by: checksums.txt of the release, buildpack/checksums/promscale.sha256"* ]]
}

@test "refuses to record a Promscale digest that checksums.txt does not confirm" {
  local before
  before=$(<"$REPO/buildpack/checksums/promscale.sha256")
  run --separate-stderr "$REPO/buildpack/bin/record-digest" promscale 0.12.0
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     The download does not match the release's checksums.txt: nothing recorded."* ]]
  [ "$(<"$REPO/buildpack/checksums/promscale.sha256")" = "$before" ]
}

@test "never overwrites a different recorded digest" {
  local list=$REPO/buildpack/checksums/promscale.sha256 other
  other=$(printf other | sha256sum | cut -d' ' -f1)
  printf '%s  promscale_0.10.0_Linux_x86_64\n' "$other" >>"$list"
  run --separate-stderr "$REPO/buildpack/bin/record-digest" promscale 0.10.0
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     buildpack/checksums/promscale.sha256 already records a different digest for promscale_0.10.0_Linux_x86_64:"* ]]
  [ "$(grep -c "promscale_0.10.0_Linux_x86_64$" "$list")" -eq 1 ]
}

@test "records a .NET SDK digest that matches the publisher's releases.json" {
  run "$REPO/buildpack/bin/record-digest" dotnet-sdk 10.0.401
  [ "$status" -eq 0 ]
  [[ $output == *"Matches the publisher's releases.json."* ]]
  grep -qx "${SDK_DIGEST}  dotnet-sdk-10.0.401-linux-x64.tar.gz" "$REPO/buildpack/checksums/dotnet-sdk.sha512"
}

@test "rejects bad arguments" {
  run --separate-stderr "$REPO/buildpack/bin/record-digest" promscale latest
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     The version is a word, not a release version"* ]]
  run --separate-stderr "$REPO/buildpack/bin/record-digest" something 1.0.0
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Usage: buildpack/bin/record-digest promscale VERSION"* ]]
}
