#!/usr/bin/env bats
# bin/compile, launcher part: the SDK download path and the launcher cache, with a fixture "SDK"
# (fixtures/fake-dotnet in an archive) served by the loopback server and `dotnet` removed from PATH.
# The real Native AOT build (cold, warm and offline) is tested by end_to_end.bats, on the one build that
# the whole CI run shares (see there).
# bats 1.8 drops the leading blanks of $stderr's first line: assertions match " $stderr".

# shellcheck disable=SC2154 # $stderr is set by bats' run --separate-stderr.
load helpers

setup_file() {
  local root=$BATS_FILE_TMPDIR/srv stage=$BATS_FILE_TMPDIR/fake-sdk archive digest
  make_promscale_asset "$root/promscale" 0.10.0
  make_checksums "$root/promscale" 0.10.0

  archive=dotnet-sdk-10.0.401-linux-x64.tar.gz
  mkdir -p "$stage/sdk/10.0.401" "$root/good/Sdk/10.0.401" "$root/good/release-metadata/10.0"
  cp "$BATS_TEST_DIRNAME/fixtures/fake-dotnet" "$stage/dotnet"
  tar -czf "$root/good/Sdk/10.0.401/$archive" -C "$stage" .
  digest=$(sha512_of "$root/good/Sdk/10.0.401/$archive")
  write_releases_json "$root/good/release-metadata/10.0/releases.json" "$digest"
  # "bad": the same archive, but releases.json lists another digest for it.
  mkdir -p "$root/bad/Sdk/10.0.401" "$root/bad/release-metadata/10.0"
  cp "$root/good/Sdk/10.0.401/$archive" "$root/bad/Sdk/10.0.401/"
  write_releases_json "$root/bad/release-metadata/10.0/releases.json" "$(printf other | sha512sum | cut -d' ' -f1)"

  export FIXTURES=$root SDK_ARCHIVE=$archive SDK_DIGEST=$digest
  PATH_WITHOUT_DOTNET=$(path_without_dotnet)
  export PATH_WITHOUT_DOTNET
}

# The shape of a channel's releases.json (builds.dotnet.microsoft.com/dotnet/release-metadata/10.0/),
# trimmed: the SDK appears under both "sdk" and "sdks", next to other archives and versions.
write_releases_json() {
  local path=$1 digest=$2 other
  other=$(printf arm | sha512sum | cut -d' ' -f1)
  cat >"$path" <<JSON
{
  "channel-version": "10.0",
  "releases": [
    {
      "release-version": "10.0.5",
      "sdk": {
        "version": "10.0.401",
        "files": [
          { "name": "dotnet-sdk-linux-arm64.tar.gz", "rid": "linux-arm64",
            "url": "https://builds.dotnet.microsoft.com/dotnet/Sdk/10.0.401/dotnet-sdk-10.0.401-linux-arm64.tar.gz", "hash": "${other}" },
          { "name": "dotnet-sdk-linux-x64.tar.gz", "rid": "linux-x64",
            "url": "https://builds.dotnet.microsoft.com/dotnet/Sdk/10.0.401/dotnet-sdk-10.0.401-linux-x64.tar.gz", "hash": "${digest^^}" }
        ]
      },
      "sdks": [
        { "version": "10.0.401", "files": [
          { "name": "dotnet-sdk-linux-x64.tar.gz", "rid": "linux-x64",
            "url": "https://builds.dotnet.microsoft.com/dotnet/Sdk/10.0.401/dotnet-sdk-10.0.401-linux-x64.tar.gz", "hash": "${digest}" } ] },
        { "version": "10.0.301", "files": [
          { "name": "dotnet-sdk-linux-x64.tar.gz", "rid": "linux-x64",
            "url": "https://builds.dotnet.microsoft.com/dotnet/Sdk/10.0.301/dotnet-sdk-10.0.301-linux-x64.tar.gz", "hash": "${other}" } ] }
      ]
    }
  ]
}
JSON
}

setup() {
  make_app_dirs
  start_server "$FIXTURES"
  printf '%s/promscale' "$SERVER_URL" >"$ENV_DIR/PROMSCALE_DOWNLOAD_URL"
}

teardown() {
  stop_server
}

# For the SDK download path: a repository copy whose launcher source can be edited, no dotnet on PATH.
use_fake_sdk() {
  make_repo_copy "$BATS_TEST_TMPDIR/repo" copy-src
  COMPILE=$BATS_TEST_TMPDIR/repo/buildpack/bin/compile
  printf '%s/good' "$SERVER_URL" >"$ENV_DIR/PROMSCALE_BUILDPACK_DOTNET_URL"
  export FAKE_SDK_ARGS_LOG=$BATS_TEST_TMPDIR/publish-args
}

compile_without_dotnet() {
  PATH=$PATH_WITHOUT_DOTNET "$@"
}

@test "SDK path: with no SDK on PATH, downloads the pinned SDK once, verifies it against releases.json, and caches it" {
  use_fake_sdk
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  echo "$output"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ $output == *"Downloading ${SDK_ARCHIVE} from the mirror in PROMSCALE_BUILDPACK_DOTNET_URL (once; cached afterwards)"* ]]
  [[ $output == *"Verified sha512 of ${SDK_ARCHIVE} by: the publisher's releases.json"$'\n'* ]]
  grep -qx "GET /good/Sdk/10.0.401/${SDK_ARCHIVE} 200" "$SERVER_LOG"
  grep -qx "GET /good/release-metadata/10.0/releases.json 200" "$SERVER_LOG"
  [ "$(<"$CACHE_DIR/promscale-buildpack/dotnet-sdk/10.0.401/.verified-sha512")" = "$SDK_DIGEST" ]
  [ "$("$BUILD_DIR/bin/promscale-launcher")" = "launcher from the fake SDK" ]
  grep -q -- '--configuration Release --runtime linux-x64 ' "$FAKE_SDK_ARGS_LOG"
  grep -q -- '-p:PublishAot=true' "$FAKE_SDK_ARGS_LOG"
  # The archive itself is not kept: only the unpacked, verified SDK.
  [ -z "$(find "$CACHE_DIR" -name '*.tar.gz')" ]
}

@test "SDK path: a source change rebuilds the launcher with the cached SDK, offline" {
  use_fake_sdk
  run compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  printf '// changed\n' >>"$BATS_TEST_TMPDIR/repo/src/Launcher/Program.cs"
  stop_server
  : >"$FAKE_SDK_ARGS_LOG"
  run --separate-stderr compile_without_dotnet offline "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Using the cached .NET SDK 10.0.401 (no download)."* ]]
  [ "$(wc -l <"$FAKE_SDK_ARGS_LOG")" -eq 1 ]
  # Only the launcher built from the current source stays in the cache.
  [ "$(find "$CACHE_DIR/promscale-buildpack/launcher" -name promscale-launcher | wc -l)" -eq 1 ]
}

@test "SDK path: an unchanged source reuses the cached launcher without building" {
  use_fake_sdk
  run compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  : >"$FAKE_SDK_ARGS_LOG"
  run compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Using the launcher built earlier from the same source, SDK and stack"* ]]
  [ ! -s "$FAKE_SDK_ARGS_LOG" ]
}

@test "SDK path: a corrupt cached launcher is evicted and built again" {
  use_fake_sdk
  run compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  printf 'garbage' >>"$(find "$CACHE_DIR/promscale-buildpack/launcher" -name promscale-launcher)"
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ " $stderr" == *" !     The cached promscale-launcher is corrupt (its digest changed): evicted, building it again."* ]]
  [ "$("$BUILD_DIR/bin/promscale-launcher")" = "launcher from the fake SDK" ]
}

@test "SDK path: an incomplete cached SDK is evicted and downloaded again" {
  use_fake_sdk
  run compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  rm "$CACHE_DIR/promscale-buildpack/dotnet-sdk/10.0.401/dotnet"
  rm -rf "$CACHE_DIR/promscale-buildpack/launcher"
  : >"$SERVER_LOG"
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ " $stderr" == *" !     The cached .NET SDK 10.0.401 is incomplete or does not run: evicted, downloading it again."* ]]
  grep -qx "GET /good/Sdk/10.0.401/${SDK_ARCHIVE} 200" "$SERVER_LOG"
  [ -x "$CACHE_DIR/promscale-buildpack/dotnet-sdk/10.0.401/dotnet" ]
}

@test "SDK path: an SDK that does not match the publisher's releases.json is refused; nothing cached or installed" {
  use_fake_sdk
  printf '%s/bad' "$SERVER_URL" >"$ENV_DIR/PROMSCALE_BUILDPACK_DOTNET_URL"
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Checksum mismatch for ${SDK_ARCHIVE}: the download does not match the publisher's releases.json."* ]]
  [[ " $stderr" == *"expected sha512 $(printf other | sha512sum | cut -d' ' -f1) (releases.json)"* ]]
  [[ " $stderr" == *"actual   sha512 ${SDK_DIGEST}"* ]]
  assert_nothing_installed
  [ -z "$(find "$CACHE_DIR/promscale-buildpack" -path '*dotnet-sdk*' -mindepth 1 -print -quit 2>/dev/null)" ]
}

@test "SDK path: a digest recorded in the buildpack is checked too; a mismatch is refused" {
  use_fake_sdk
  local recorded=$BATS_TEST_TMPDIR/repo/buildpack/checksums/dotnet-sdk.sha512
  cp "$recorded" "$BATS_TEST_TMPDIR/recorded.orig"
  printf '%s  %s\n' "$(printf other | sha512sum | cut -d' ' -f1)" "$SDK_ARCHIVE" >>"$recorded"
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"the download does not match the digest recorded in the buildpack."* ]]
  [[ " $stderr" == *"(buildpack/checksums/dotnet-sdk.sha512)"* ]]
  assert_nothing_installed

  cp "$BATS_TEST_TMPDIR/recorded.orig" "$recorded"
  printf '%s  %s\n' "$SDK_DIGEST" "$SDK_ARCHIVE" >>"$recorded"
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ $output == *"Verified sha512 of ${SDK_ARCHIVE} by: the publisher's releases.json, buildpack/checksums/dotnet-sdk.sha512"* ]]
}

@test "SDK path: an unreachable SDK host gives a clear error" {
  use_fake_sdk
  run compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  # Promscale stays cached; the SDK and the launcher must be fetched again, with the host down.
  rm -rf "$CACHE_DIR/promscale-buildpack/dotnet-sdk" "$CACHE_DIR/promscale-buildpack/launcher" "${BUILD_DIR:?}/bin"
  stop_server
  run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Could not download ${SDK_ARCHIVE} from the mirror in PROMSCALE_BUILDPACK_DOTNET_URL: the connection was refused or the host is unreachable."* ]]
  [[ " $stderr" == *"The SDK is needed once, to build promscale-launcher from source; later builds use the build cache."* ]]
  assert_nothing_installed
}

@test "SDK path: warnings of a successful launcher build are shown, once each" {
  use_fake_sdk
  FAKE_SDK_WARN=1 run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 0 ]
  [[ " $stderr" == *" !     dotnet publish reported 1 warning line(s):"$'\n'" !     src/Launcher/Launcher.csproj : warning NU1603: a warning from the fake SDK"* ]]
  [ "$(grep -c 'warning NU1603' <<<"$stderr")" -eq 1 ]
  [ "$("$BUILD_DIR/bin/promscale-launcher")" = "launcher from the fake SDK" ]
}

@test "an app variable named like the old test hook, PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER, is ignored: the launcher is built from source" {
  use_fake_sdk
  local planted=$BATS_TEST_TMPDIR/planted-launcher
  printf '#!/bin/sh\necho "planted launcher"\n' >"$planted"
  chmod +x "$planted"
  # On Scalingo an app's variable is both an ENV_DIR file and a variable of compile's environment.
  printf '%s' "$planted" >"$ENV_DIR/PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER"
  PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER=$planted run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  echo "$output"
  echo "$stderr"
  [ "$status" -eq 0 ]
  [[ " $stderr" == *" !     PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER is set for this app: ignored, the launcher is built from this repository's source."* ]]
  [ "$(wc -l <"$FAKE_SDK_ARGS_LOG")" -eq 1 ]
  [ "$("$BUILD_DIR/bin/promscale-launcher")" = "launcher from the fake SDK" ]
  [[ $output$stderr != *"$planted"* ]]
}

@test "SDK path: a failing launcher build shows the compiler's output and installs nothing" {
  use_fake_sdk
  FAKE_SDK_FAIL=1 run --separate-stderr compile_without_dotnet "$COMPILE" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *" !     Building promscale-launcher failed (dotnet publish exit status 1); the end of its output:"* ]]
  [[ " $stderr" == *" !     src/Launcher/Program.cs(1,10): error CS1002: ; expected (from the fake SDK)"* ]]
  assert_nothing_installed
  [ -z "$(find "$CACHE_DIR/promscale-buildpack/launcher" -type f 2>/dev/null)" ]
}

@test "a buildpack copied without the launcher's source fails clearly" {
  mkdir -p "$BATS_TEST_TMPDIR/alone"
  cp -R "$REPO_ROOT/buildpack" "$BATS_TEST_TMPDIR/alone/buildpack"
  run --separate-stderr "$BATS_TEST_TMPDIR/alone/buildpack/bin/compile" "$BUILD_DIR" "$CACHE_DIR" "$ENV_DIR"
  [ "$status" -eq 1 ]
  [[ " $stderr" == *"The launcher's source is not beside the buildpack (expected src/Launcher/ next to buildpack/)."* ]]
  assert_nothing_installed
}
