# shellcheck shell=bash
# Promscale: which version, download, layered verification, cache. Needs output.sh, env.sh, fetch.sh,
# digest.sh, and the globals BP_DIR, BP_TMP and BP_CACHE set by bin/compile.

# 0.10.0 is the last release that runs without the `promscale` PostgreSQL extension, which Scalingo for
# PostgreSQL does not offer: 0.11.0 made it mandatory (Promscale's CHANGELOG, scalingo-platform.md §3.2).
readonly PROMSCALE_DEFAULT_VERSION=0.10.0
readonly PROMSCALE_LAST_RELEASE=0.17.0
readonly PROMSCALE_RELEASES_URL=https://github.com/timescale/promscale/releases/download
# Digests recorded in this repository, outside the download host (see bin/record-digest).
readonly PROMSCALE_RECORDED_DIGESTS=checksums/promscale.sha256

# Set by bp_promscale_prepare: the verified binary (inside the cache), its digest and version.
BP_PROMSCALE_FILE=''
BP_PROMSCALE_DIGEST=''
BP_PROMSCALE_VERSION=''

bp_promscale_asset() {
  printf 'promscale_%s_Linux_x86_64\n' "$1"
}

# Prints why VALUE is not an acceptable PROMSCALE_VERSION, or nothing when it is one. Describes the
# value without repeating it: the output never shows a value taken from ENV_DIR before validation.
bp_promscale_version_problem() {
  local value=$1
  if [[ $value =~ ^[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}$ ]]; then
    return 0
  elif [[ -z $value ]]; then
    echo "is set but empty: unset it to get the default ${PROMSCALE_DEFAULT_VERSION}, or give a release version such as ${PROMSCALE_DEFAULT_VERSION}"
  elif [[ $value == */* || $value == *..* || $value == *\\* ]]; then
    echo "looks like a path (it contains '/' or '..'); it must be a release version such as ${PROMSCALE_DEFAULT_VERSION}"
  elif [[ $value =~ ^[vV][0-9] ]]; then
    echo "starts with 'v', but Promscale's release tags have none: write ${PROMSCALE_DEFAULT_VERSION}, not v${PROMSCALE_DEFAULT_VERSION}"
  elif [[ $value =~ ^[0-9]+\.[0-9]+$ ]]; then
    echo "has two numbers; a release version has three, such as ${PROMSCALE_DEFAULT_VERSION}"
  elif [[ $value =~ ^[A-Za-z_-]+$ ]]; then
    echo "is a word, not a release version: names such as 'latest' are not accepted (Promscale was discontinued in 2023; its last release is ${PROMSCALE_LAST_RELEASE})"
  elif [[ $value =~ [[:space:]] ]]; then
    echo "contains white space; it must be a release version such as ${PROMSCALE_DEFAULT_VERSION}"
  else
    echo "is not a release version of the form X.Y.Z, such as ${PROMSCALE_DEFAULT_VERSION}"
  fi
}

# bp_version_at_least A B: true when version A >= version B (both X.Y.Z).
bp_version_at_least() {
  local -a a b
  local i
  IFS=. read -r -a a <<<"$1"
  IFS=. read -r -a b <<<"$2"
  for i in 0 1 2; do
    if ((10#${a[i]} != 10#${b[i]})); then
      ((10#${a[i]} > 10#${b[i]}))
      return
    fi
  done
  return 0
}

# Sets BP_PROMSCALE_VERSION from PROMSCALE_VERSION (ENV_DIR, then environment) or the default, and
# prints the step header and why this version.
bp_promscale_choose_version() {
  local env_dir=$1 requested problem
  if ! bp_env_read "$env_dir" PROMSCALE_VERSION requested; then
    BP_PROMSCALE_VERSION=$PROMSCALE_DEFAULT_VERSION
    bp_header "Installing Promscale ${BP_PROMSCALE_VERSION}"
    bp_detail "Default version; set PROMSCALE_VERSION to choose another."
    return 0
  fi
  problem=$(bp_promscale_version_problem "$requested")
  if [[ -n $problem ]]; then
    bp_fail "PROMSCALE_VERSION ${problem}." \
      "Fix it with: scalingo env-set PROMSCALE_VERSION=${PROMSCALE_DEFAULT_VERSION} (or scalingo env-unset PROMSCALE_VERSION)"
  fi
  # Validated above as X.Y.Z, so showing it cannot leak anything.
  BP_PROMSCALE_VERSION=$requested
  bp_header "Installing Promscale ${BP_PROMSCALE_VERSION}"
  if [[ $BP_PROMSCALE_VERSION == "$PROMSCALE_DEFAULT_VERSION" ]]; then
    bp_detail "Requested by PROMSCALE_VERSION (also the default)."
    return 0
  fi
  bp_detail "Requested by PROMSCALE_VERSION. The default is ${PROMSCALE_DEFAULT_VERSION}: the last Promscale" \
    "that runs without the 'promscale' PostgreSQL extension, which Scalingo for PostgreSQL does not offer."
  if bp_version_at_least "$BP_PROMSCALE_VERSION" 0.11.0; then
    bp_warn "Promscale ${BP_PROMSCALE_VERSION} requires the 'promscale' extension (mandatory since 0.11.0):" \
      "it will not start on a Scalingo database unless that extension is installed there."
  fi
}

# Collects the digests pinned outside the download host into the caller's arrays `pins` (digests) and
# `pin_sources` (who pinned them). Fails when two pins disagree.
bp_promscale_collect_pins() {
  local env_dir=$1 asset=$2 value recorded_file
  local -a recorded
  if bp_env_read "$env_dir" PROMSCALE_SHA256 value; then
    if ! bp_is_hex_digest "$value" 64; then
      bp_fail "PROMSCALE_SHA256 is not a SHA-256 digest (64 hexadecimal characters)." \
        "Unset it, or set it to the digest of ${asset}."
    fi
    pins+=("${value,,}")
    pin_sources+=(PROMSCALE_SHA256)
  fi
  recorded_file=$BP_DIR/$PROMSCALE_RECORDED_DIGESTS
  if [[ -f $recorded_file ]]; then
    mapfile -t recorded < <(bp_listed_digests "$recorded_file" "$asset" 64)
    if ((${#recorded[@]} > 1)); then
      bp_fail "buildpack/${PROMSCALE_RECORDED_DIGESTS} lists ${#recorded[@]} different digests for ${asset}; fix the file."
    fi
    if ((${#recorded[@]} == 1)); then
      pins+=("${recorded[0]}")
      pin_sources+=("buildpack/${PROMSCALE_RECORDED_DIGESTS}")
    fi
  fi
  if ((${#pins[@]} == 2)) && [[ ${pins[0]} != "${pins[1]}" ]]; then
    bp_fail "The digests pinned for ${asset} disagree:" \
      "  ${pins[0]} (${pin_sources[0]})" \
      "  ${pins[1]} (${pin_sources[1]})" \
      "PROMSCALE_SHA256 is probably meant for another version: correct or unset it."
  fi
}

# Looks for a verified copy in the cache, evicting corrupt ones. On a hit sets BP_PROMSCALE_FILE and
# BP_PROMSCALE_DIGEST and returns 0. Entries are <cache>/promscale/<version>/<sha256>/<asset>: the
# directory name is the digest the file had when it was verified, so corruption shows as a mismatch.
bp_promscale_from_cache() {
  local version_dir=$1 asset=$2 pinned=$3 entry digest actual
  [[ -d $version_dir ]] || return 1
  for entry in "$version_dir"/*/; do
    [[ -d $entry ]] || continue
    entry=${entry%/}
    digest=${entry##*/}
    if [[ -n $pinned && $digest != "$pinned" ]]; then
      bp_detail "Evicting the cached binary with sha256 ${digest}: it is not the pinned digest."
      rm -rf -- "$entry"
      continue
    fi
    actual=''
    if [[ -f $entry/$asset ]]; then
      actual=$(bp_sha256 "$entry/$asset")
    fi
    if [[ $actual != "$digest" ]]; then
      bp_warn "The cached ${asset} is corrupt (expected sha256 ${digest}, found ${actual:-no file}):" \
        "evicted from the cache, downloading it again."
      rm -rf -- "$entry"
      continue
    fi
    BP_PROMSCALE_FILE=$entry/$asset
    BP_PROMSCALE_DIGEST=$digest
    return 0
  done
  return 1
}

# Explains a failed download and ends the build.
bp_promscale_download_failed() {
  local what=$1 from=$2
  if [[ $BP_FETCH_UNREACHABLE == true ]]; then
    bp_fail "Could not download ${what} from ${from}: ${BP_FETCH_ERROR}." \
      "The build container needs outbound HTTPS to that host. Retry the deployment later; or set" \
      "PROMSCALE_DOWNLOAD_URL to a reachable mirror holding <version>/<asset> and <version>/checksums.txt." \
      "Once one build has succeeded, later builds of the same version use the build cache and need no network."
  fi
  if [[ $BP_FETCH_ERROR == 'the server answered HTTP 404' ]]; then
    bp_fail "Could not download ${what} from ${from}: ${BP_FETCH_ERROR} (not found)." \
      "Check PROMSCALE_VERSION: the release or this asset does not exist there (the last release is ${PROMSCALE_LAST_RELEASE})."
  fi
  bp_fail "Could not download ${what} from ${from}: ${BP_FETCH_ERROR}."
}

# Downloads the asset and checksums.txt, verifies every layer, and stores the binary in the cache.
# Reads the caller's `pins`/`pin_sources` and appends to its `layers` (bash's dynamic scope).
bp_promscale_download() {
  local env_dir=$1 version_dir=$2 asset=$3 base from download actual i entry
  local -a listed=()
  if bp_env_read "$env_dir" PROMSCALE_DOWNLOAD_URL base && [[ -n $base ]]; then
    from='the mirror in PROMSCALE_DOWNLOAD_URL'
  else
    base=$PROMSCALE_RELEASES_URL
    from='the GitHub release of timescale/promscale'
  fi
  base=${base%/}
  download=$BP_TMP/$asset
  bp_detail "Downloading ${asset} from ${from}"
  bp_fetch "$base/$BP_PROMSCALE_VERSION/$asset" "$download" 600 ||
    bp_promscale_download_failed "$asset" "$from"
  actual=$(bp_sha256 "$download")

  # Layer 1: the release's own checksums.txt (same host as the binary: catches corruption, not tampering).
  if bp_fetch "$base/$BP_PROMSCALE_VERSION/checksums.txt" "$BP_TMP/checksums.txt" 60; then
    mapfile -t listed < <(bp_listed_digests "$BP_TMP/checksums.txt" "$asset" 64)
  elif [[ $BP_FETCH_UNREACHABLE == true ]]; then
    rm -f -- "$download"
    bp_promscale_download_failed "checksums.txt" "$from"
  elif ((${#pins[@]} == 0)); then
    rm -f -- "$download"
    bp_fail "Could not download checksums.txt of the release from ${from}: ${BP_FETCH_ERROR}." \
      "Without it, and with no digest pinned, the download cannot be verified: nothing was installed." \
      "Set PROMSCALE_SHA256 to the digest you expect, or use a mirror that also serves checksums.txt."
  else
    bp_warn "The release has no checksums.txt (${BP_FETCH_ERROR}): relying on the pinned digest only."
  fi
  if ((${#listed[@]} > 1)); then
    rm -f -- "$download"
    bp_fail "checksums.txt lists ${#listed[@]} different digests for ${asset}: refusing the download."
  elif ((${#listed[@]} == 1)); then
    if [[ ${listed[0]} != "$actual" ]]; then
      rm -f -- "$download"
      bp_fail "Checksum mismatch for ${asset}: the download does not match the release's checksums.txt." \
        "  expected sha256 ${listed[0]} (checksums.txt)" \
        "  actual   sha256 ${actual}" \
        "The downloaded file was deleted and nothing was installed. Retry the deployment; if it persists," \
        "the release or the mirror serves a different file."
    fi
    layers+=("checksums.txt of the release")
  elif [[ -f $BP_TMP/checksums.txt ]]; then
    if ((${#pins[@]} == 0)); then
      rm -f -- "$download"
      bp_fail "checksums.txt of the release has no line for ${asset}: cannot verify the download." \
        "Set PROMSCALE_SHA256 to the digest you expect to install it anyway."
    fi
    bp_warn "checksums.txt of the release has no line for ${asset}: relying on the pinned digest only."
  fi

  # Layer 2: digests pinned outside the download host (the operator's, the repository's).
  for i in "${!pins[@]}"; do
    if [[ ${pins[i]} != "$actual" ]]; then
      rm -f -- "$download"
      bp_fail "Checksum mismatch for ${asset}: the download does not match the pinned digest." \
        "  expected sha256 ${pins[i]} (${pin_sources[i]})" \
        "  actual   sha256 ${actual}" \
        "The downloaded file was deleted and nothing was installed."
    fi
    layers+=("${pin_sources[i]}")
  done

  entry=$version_dir/$actual
  mkdir -p -- "$entry"
  chmod 0755 -- "$download"
  # The temporary directory may be another file system: copy to a partial name, then rename, so that
  # an interrupted build never leaves a complete-looking but truncated file in the cache.
  mv -f -- "$download" "$entry/.$asset.partial"
  mv -f -- "$entry/.$asset.partial" "$entry/$asset"
  printf '%s\n' "${layers[@]}" >"$entry/verified-by"
  BP_PROMSCALE_FILE=$entry/$asset
  BP_PROMSCALE_DIGEST=$actual
}

# Chooses the version, then finds the binary in the cache or downloads it; verifies it by every
# available layer, says which ones did, and leaves it in the cache (nothing is installed yet).
bp_promscale_prepare() {
  local env_dir=$1 asset version_dir pinned='' layer
  local -a pins=() pin_sources=() layers=()
  bp_promscale_choose_version "$env_dir"
  asset=$(bp_promscale_asset "$BP_PROMSCALE_VERSION")
  bp_promscale_collect_pins "$env_dir" "$asset"
  if ((${#pins[@]} > 0)); then
    pinned=${pins[0]}
  fi
  version_dir=$BP_CACHE/promscale/$BP_PROMSCALE_VERSION

  if bp_promscale_from_cache "$version_dir" "$asset" "$pinned"; then
    bp_detail "Using the cached ${asset} (no download)."
    if [[ -f ${BP_PROMSCALE_FILE%/*}/verified-by ]]; then
      while IFS= read -r layer; do
        [[ -n $layer && $layer != PROMSCALE_SHA256 && $layer != buildpack/* ]] && layers+=("$layer (when downloaded)")
      done <"${BP_PROMSCALE_FILE%/*}/verified-by"
    fi
    layers+=("${pin_sources[@]}")
    layers+=("the digest recorded in the cache")
  else
    bp_promscale_download "$env_dir" "$version_dir" "$asset"
  fi
  bp_promscale_prune "$version_dir/$BP_PROMSCALE_DIGEST"
  bp_detail "sha256 ${BP_PROMSCALE_DIGEST}" "Verified by: $(bp_join ', ' "${layers[@]}")"
  if ((${#pins[@]} == 0)); then
    bp_detail "Not pinned outside the download host (its checksums.txt comes from the same host as the" \
      "binary). Pin it with PROMSCALE_SHA256, or record it in the buildpack from a machine with" \
      "internet access: buildpack/bin/record-digest promscale ${BP_PROMSCALE_VERSION}"
  fi
}

# Removes every cached Promscale entry but KEEP: a version or digest change must not grow the cache.
bp_promscale_prune() {
  local keep=$1 version_dir entry
  for version_dir in "$BP_CACHE"/promscale/*/; do
    [[ -d $version_dir ]] || continue
    for entry in "$version_dir"*/; do
      [[ -d $entry && ${entry%/} != "$keep" ]] && rm -rf -- "$entry"
    done
    rmdir -- "$version_dir" 2>/dev/null || true
  done
}

# bp_join SEPARATOR WORDS...: prints the words joined by SEPARATOR.
bp_join() {
  local separator=$1 result='' word
  shift
  for word in "$@"; do
    result+=${result:+$separator}$word
  done
  printf '%s\n' "$result"
}
