# shellcheck shell=bash
# shellcheck disable=SC2034 # BP_DOTNET_KEY and BP_DOTNET are results read by launcher.sh.
# The .NET SDK that builds the launcher: the one on PATH when it satisfies the repository's global.json,
# otherwise a pinned SDK downloaded once into the build cache and verified against the SHA-512 that
# Microsoft lists for it in the channel's releases.json (plus a digest recorded in this repository,
# when one is). Needs output.sh, env.sh, fetch.sh, digest.sh, and BP_DIR, REPO_DIR, BP_TMP, BP_CACHE.

# The SDK the project's own machines build and test with; global.json (10.0.100, latestFeature) accepts it.
readonly DOTNET_SDK_PINNED_VERSION=10.0.401
readonly DOTNET_DOWNLOAD_URL=https://builds.dotnet.microsoft.com/dotnet
readonly DOTNET_RECORDED_DIGESTS=checksums/dotnet-sdk.sha512

# Set by bp_dotnet_select: the SDK version that will build the launcher (part of the launcher's cache
# key), and the dotnet on PATH if that one is used; by bp_dotnet_ensure: the dotnet executable to run.
BP_DOTNET_KEY=''
BP_DOTNET=''

bp_dotnet_sdk_archive() {
  printf 'dotnet-sdk-%s-linux-x64.tar.gz\n' "$1"
}

# bp_dotnet_published_sha512 RELEASES_JSON ARCHIVE: prints the distinct SHA-512 digests that a channel's
# releases.json gives for ARCHIVE (entries {"name", "rid", "url", "hash"} under releases[].sdk(s).files;
# matched on the end of "url", which names the exact version, unlike "name").
bp_dotnet_published_sha512() {
  jq -r --arg file "$2" \
    '[.. | objects | select((.url? | type) == "string" and (.url | endswith("/" + $file))) | .hash | ascii_downcase] | unique | .[]' \
    "$1" 2>/dev/null || true
}

# Decides between the SDK on PATH and the pinned one, without downloading anything.
bp_dotnet_select() {
  local version
  if command -v dotnet >/dev/null 2>&1 &&
    version=$(cd "$REPO_DIR" && dotnet --version 2>/dev/null) && [[ -n $version ]]; then
    BP_DOTNET=$(command -v dotnet)
  else
    BP_DOTNET=''
    version=$DOTNET_SDK_PINNED_VERSION
  fi
  # The version, not where the SDK comes from: the same SDK version on PATH or downloaded builds the
  # same launcher, so a warm cache needs neither.
  BP_DOTNET_KEY="sdk-${version}"
}

# A cached SDK is used only if the marker written after its verification is there and it runs.
bp_dotnet_cached_ok() {
  local sdk_dir=$1 version=$2 answer
  [[ -f $sdk_dir/.verified-sha512 && -x $sdk_dir/dotnet ]] || return 1
  answer=$(cd "$BP_TMP" && "$sdk_dir/dotnet" --version 2>/dev/null) || return 1
  [[ $answer == "$version" ]]
}

# Makes BP_DOTNET usable: nothing to do for the SDK on PATH; otherwise the cached pinned SDK, or a
# download of it.
bp_dotnet_ensure() {
  local env_dir=$1 version=$DOTNET_SDK_PINNED_VERSION sdk_root sdk_dir
  if [[ -n $BP_DOTNET ]]; then
    bp_detail "Using the .NET SDK on PATH ($(cd "$REPO_DIR" && "$BP_DOTNET" --version))."
    return 0
  fi
  sdk_root=$BP_CACHE/dotnet-sdk
  sdk_dir=$sdk_root/$version
  if bp_dotnet_cached_ok "$sdk_dir" "$version"; then
    bp_detail "Using the cached .NET SDK ${version} (no download)."
  else
    if [[ -e $sdk_dir ]]; then
      bp_warn "The cached .NET SDK ${version} is incomplete or does not run: evicted, downloading it again."
      rm -rf -- "$sdk_dir"
    fi
    bp_dotnet_download "$env_dir" "$version" "$sdk_root"
  fi
  # Keep one SDK: an older pinned version is dead weight in every later build's cache.
  local other
  for other in "$sdk_root"/*/; do
    [[ -d $other && ${other%/} != "$sdk_dir" ]] && rm -rf -- "$other"
  done
  BP_DOTNET=$sdk_dir/dotnet
}

bp_dotnet_download_failed() {
  local what=$1 from=$2
  if [[ $BP_FETCH_UNREACHABLE == true ]]; then
    bp_fail "Could not download ${what} from ${from}: ${BP_FETCH_ERROR}." \
      "The SDK is needed once, to build promscale-launcher from source; later builds use the build cache." \
      "Retry the deployment, or set PROMSCALE_BUILDPACK_DOTNET_URL to a reachable mirror of builds.dotnet.microsoft.com/dotnet."
  fi
  bp_fail "Could not download ${what} from ${from}: ${BP_FETCH_ERROR}."
}

# Downloads, verifies and unpacks the SDK into SDK_ROOT/VERSION; nothing is left behind on failure.
bp_dotnet_download() {
  local env_dir=$1 version=$2 sdk_root=$3 base from archive tarball actual recorded_file partial
  local -a listed=() recorded=() layers=()
  archive=$(bp_dotnet_sdk_archive "$version")
  if bp_env_read "$env_dir" PROMSCALE_BUILDPACK_DOTNET_URL base && [[ -n $base ]]; then
    from='the mirror in PROMSCALE_BUILDPACK_DOTNET_URL'
  else
    base=$DOTNET_DOWNLOAD_URL
    from='builds.dotnet.microsoft.com'
  fi
  base=${base%/}
  command -v jq >/dev/null 2>&1 || bp_fail "jq is needed to read the SDK's checksum from releases.json (every Scalingo stack has it)."

  bp_detail "Downloading ${archive} from ${from} (once; cached afterwards)"
  tarball=$BP_TMP/$archive
  bp_fetch "$base/Sdk/$version/$archive" "$tarball" 1200 || bp_dotnet_download_failed "$archive" "$from"
  actual=$(bp_sha512 "$tarball")

  # Layer 1: the SHA-512 that the publisher lists for this file in the channel's releases.json.
  if ! bp_fetch "$base/release-metadata/${version%.*}/releases.json" "$BP_TMP/releases.json" 120; then
    rm -f -- "$tarball"
    bp_dotnet_download_failed "releases.json (the SDK's published checksums)" "$from"
  fi
  mapfile -t listed < <(bp_dotnet_published_sha512 "$BP_TMP/releases.json" "$archive")
  if ((${#listed[@]} != 1)); then
    rm -f -- "$tarball"
    bp_fail "releases.json lists ${#listed[@]} checksums for ${archive} (expected exactly one): cannot verify the SDK."
  fi
  if [[ ${listed[0]} != "$actual" ]]; then
    rm -f -- "$tarball"
    bp_fail "Checksum mismatch for ${archive}: the download does not match the publisher's releases.json." \
      "  expected sha512 ${listed[0]} (releases.json)" \
      "  actual   sha512 ${actual}" \
      "The download was deleted and nothing was cached or installed."
  fi
  layers+=("the publisher's releases.json")

  # Layer 2: a digest recorded in this repository (bin/record-digest dotnet-sdk VERSION), when there is one.
  recorded_file=$BP_DIR/$DOTNET_RECORDED_DIGESTS
  if [[ -f $recorded_file ]]; then
    mapfile -t recorded < <(bp_listed_digests "$recorded_file" "$archive" 128)
  fi
  if ((${#recorded[@]} > 1)); then
    rm -f -- "$tarball"
    bp_fail "buildpack/${DOTNET_RECORDED_DIGESTS} lists ${#recorded[@]} different digests for ${archive}; fix the file."
  elif ((${#recorded[@]} == 1)); then
    if [[ ${recorded[0]} != "$actual" ]]; then
      rm -f -- "$tarball"
      bp_fail "Checksum mismatch for ${archive}: the download does not match the digest recorded in the buildpack." \
        "  expected sha512 ${recorded[0]} (buildpack/${DOTNET_RECORDED_DIGESTS})" \
        "  actual   sha512 ${actual}" \
        "The download was deleted and nothing was cached or installed."
    fi
    layers+=("buildpack/${DOTNET_RECORDED_DIGESTS}")
  fi
  bp_detail "Verified sha512 of ${archive} by: $(bp_join ', ' "${layers[@]}")"

  partial=$sdk_root/.partial-$version
  rm -rf -- "$partial"
  mkdir -p -- "$partial"
  if ! tar -xzf "$tarball" -C "$partial"; then
    rm -rf -- "$partial" "$tarball"
    bp_fail "Could not unpack ${archive}: nothing was cached."
  fi
  rm -f -- "$tarball"
  printf '%s\n' "$actual" >"$partial/.verified-sha512"
  mv -- "$partial" "$sdk_root/$version"
}
