# shellcheck shell=bash
# promscale-launcher: built from this repository's own source as a Native AOT executable, on the build
# stack itself (so it links against that stack's glibc), and cached by a key that covers everything the
# binary depends on. Needs output.sh, env.sh, digest.sh, dotnet_sdk.sh, and BP_DIR, REPO_DIR, BP_TMP,
# BP_CACHE. See buildpack/README.md for why it is built rather than downloaded.

readonly LAUNCHER_PROJECT_DIR=src/Launcher
readonly LAUNCHER_NAME=promscale-launcher
readonly LAUNCHER_RID=linux-x64

# Set by bp_launcher_prepare: the verified executable (inside the cache, or the test hook's) and its digest.
BP_LAUNCHER_FILE=''
BP_LAUNCHER_DIGEST=''

# Prints the files the launcher is built from, relative to REPO_DIR: the repository-wide build files,
# the launcher project, and the projects it references (bin/ and obj/ left out).
bp_launcher_inputs() {
  local project_dir=$LAUNCHER_PROJECT_DIR reference referenced
  local -a dirs=("$project_dir")
  while IFS= read -r reference; do
    reference=${reference//\\//}
    # -s: no symlink resolution, so that a path stays inside REPO_DIR even when src/ is a link.
    referenced=$(realpath -s -m --relative-to="$REPO_DIR" "$REPO_DIR/$project_dir/${reference%/*}")
    [[ -d $REPO_DIR/$referenced ]] && dirs+=("$referenced")
  done < <(sed -n -e 's/.*ProjectReference Include="\([^"]*\)".*/\1/p' "$REPO_DIR/$project_dir"/*.csproj)
  (
    cd "$REPO_DIR" || exit 1
    find . -maxdepth 1 -type f \( -name global.json -o -name 'Directory.*' -o -name .editorconfig \
      -o -iname nuget.config \) -printf '%P\n'
    if [[ -d src ]]; then
      find src -maxdepth 1 -type f \( -name 'Directory.*' -o -name .editorconfig -o -iname nuget.config \)
    fi
    find -L "${dirs[@]}" \( -name bin -o -name obj \) -prune -o -type f -print
  ) | LC_ALL=C sort -u
}

# The cache key: the launcher's sources, this build recipe, the SDK, the target, and the C library
# it links against (a binary linked on one stack may not start on an older one).
bp_launcher_key() {
  local files
  files=$(bp_launcher_inputs)
  {
    (cd "$REPO_DIR" && xargs -d '\n' -r sha256sum -- <<<"$files")
    sha256sum -- "$BP_DIR/lib/launcher.sh" "$BP_DIR/lib/dotnet_sdk.sh" | sed -e 's/ .*//'
    printf '%s\n' "$BP_DOTNET_KEY" "$LAUNCHER_RID" "$(getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown-libc)" "${STACK:-no-stack}"
  } | sha256sum | cut -c1-32
}

# Runs `dotnet publish` with Native AOT into OUT_DIR; its output goes to a log shown only on failure.
bp_launcher_build() {
  local out_dir=$1 log=$BP_TMP/launcher-build.log status=0 started=$SECONDS
  mkdir -p -- "$BP_TMP/dotnet-home" "$BP_CACHE/nuget-packages"
  bp_detail "Building ${LAUNCHER_NAME} from source: dotnet publish, Native AOT, ${LAUNCHER_RID} (a minute or two)"
  # cwd = REPO_DIR so that global.json chooses the SDK. HOME and DOTNET_CLI_HOME point into the
  # temporary directory so that nothing the SDK writes lands in BUILD_DIR or the slug; NuGet packages
  # go to the build cache, so that a later build with the same package versions needs no network.
  # PublishAot is passed here, not set in the project, so that tests keep running under the JIT.
  # NuGetAudit=false: the vulnerability audit belongs to CI; here it would need the network even with
  # every package cached, and with warnings as errors a newly published advisory would fail deployments.
  # DisableTransitiveFrameworkReferenceDownloads: skips runtime packs the launcher never uses (ASP.NET).
  (
    cd "$REPO_DIR" &&
      HOME=$BP_TMP/dotnet-home DOTNET_CLI_HOME=$BP_TMP/dotnet-home \
        NUGET_PACKAGES=$BP_CACHE/nuget-packages NUGET_HTTP_CACHE_PATH=$BP_TMP/nuget-http-cache \
        DOTNET_ROOT="$(dirname "$(readlink -f "$BP_DOTNET")")" \
        DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
        DOTNET_GENERATE_ASPNET_CERTIFICATE=false DOTNET_ADD_GLOBAL_TOOLS_TO_PATH=false \
        DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1 MSBUILDDISABLENODEREUSE=1 \
        "$BP_DOTNET" publish "$LAUNCHER_PROJECT_DIR" \
        --configuration Release --runtime "$LAUNCHER_RID" --output "$out_dir" \
        --artifacts-path "$BP_TMP/launcher-artifacts" --disable-build-servers --nologo \
        -p:PublishAot=true -p:DisableTransitiveFrameworkReferenceDownloads=true -p:NuGetAudit=false
  ) >"$log" 2>&1 || status=$?
  if ((status != 0)) || [[ ! -x $out_dir/$LAUNCHER_NAME ]]; then
    bp_warn "Building ${LAUNCHER_NAME} failed (dotnet publish exit status ${status}); the end of its output:"
    tail -n 40 -- "$log" | sed -e 's/^/ !     /' >&2
    if grep -q 'Platform linker' "$log"; then
      bp_warn "Native AOT links with clang or gcc: install one (every Scalingo stack has gcc)."
    fi
    bp_fail "Nothing was installed."
  fi
  # The project treats compiler warnings as errors, but not every tool does (NuGet, MSBuild, the AOT
  # compiler's own): whatever warned is shown, once per distinct line. CI requires this list to be empty.
  local -a warnings=()
  mapfile -t warnings < <(grep -E '(warning|error) [A-Z]+[0-9]+' "$log" | LC_ALL=C sort -u)
  if ((${#warnings[@]} > 0)); then
    bp_warn "dotnet publish reported ${#warnings[@]} warning line(s):" "${warnings[@]}"
  fi
  bp_detail "Built in $((SECONDS - started)) s"
}

# Finds the launcher in the cache by key, or builds it; sets BP_LAUNCHER_FILE and BP_LAUNCHER_DIGEST.
# PREBUILT (bin/compile's --test-prebuilt-launcher, which Scalingo never passes) is installed instead.
bp_launcher_prepare() {
  local env_dir=$1 prebuilt=${2:-} key entry out_dir other
  # shellcheck disable=SC2034 # written by bp_env_read: only whether the variable is set matters.
  local ignored
  bp_header "Installing ${LAUNCHER_NAME}"

  # The test hook used to be this variable; an app's variables reach compile (ENV_DIR and the
  # environment), so it is now only named, to say it does nothing.
  if bp_env_read "$env_dir" PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER ignored; then
    bp_warn "PROMSCALE_BUILDPACK_PREBUILT_LAUNCHER is set for this app: ignored, the launcher is built from this repository's source."
  fi

  # Test hook: the Promscale tests use a stand-in launcher so that they do not depend on the launcher's
  # source compiling.
  if [[ -n $prebuilt ]]; then
    bp_warn "Using the prebuilt launcher given by --test-prebuilt-launcher (a test option, not for deployments)."
    BP_LAUNCHER_FILE=$prebuilt
    BP_LAUNCHER_DIGEST=$(bp_sha256 "$BP_LAUNCHER_FILE")
    return 0
  fi

  if [[ ! -d $REPO_DIR/$LAUNCHER_PROJECT_DIR ]]; then
    bp_fail "The launcher's source is not beside the buildpack (expected ${LAUNCHER_PROJECT_DIR}/ next to buildpack/)." \
      "BUILDPACK_URL must name the whole promscale-launcher repository, not a copy of buildpack/ alone."
  fi
  bp_dotnet_select
  key=$(bp_launcher_key)
  entry=$BP_CACHE/launcher/$key
  if [[ -f $entry/$LAUNCHER_NAME && -f $entry/$LAUNCHER_NAME.sha256 ]]; then
    BP_LAUNCHER_DIGEST=$(<"$entry/$LAUNCHER_NAME.sha256")
    if [[ $(bp_sha256 "$entry/$LAUNCHER_NAME") == "$BP_LAUNCHER_DIGEST" ]]; then
      BP_LAUNCHER_FILE=$entry/$LAUNCHER_NAME
      bp_detail "Using the launcher built earlier from the same source, SDK and stack (cache key ${key:0:12})."
    else
      bp_warn "The cached ${LAUNCHER_NAME} is corrupt (its digest changed): evicted, building it again."
      rm -rf -- "$entry"
    fi
  elif [[ -e $entry ]]; then
    rm -rf -- "$entry"
  fi

  if [[ -z $BP_LAUNCHER_FILE ]]; then
    bp_dotnet_ensure "$env_dir"
    out_dir=$BP_TMP/launcher-out
    bp_launcher_build "$out_dir"
    mkdir -p -- "$entry"
    BP_LAUNCHER_DIGEST=$(bp_sha256 "$out_dir/$LAUNCHER_NAME")
    cp -- "$out_dir/$LAUNCHER_NAME" "$entry/.$LAUNCHER_NAME.partial"
    mv -f -- "$entry/.$LAUNCHER_NAME.partial" "$entry/$LAUNCHER_NAME"
    printf '%s\n' "$BP_LAUNCHER_DIGEST" >"$entry/$LAUNCHER_NAME.sha256"
    BP_LAUNCHER_FILE=$entry/$LAUNCHER_NAME
  fi
  for other in "$BP_CACHE"/launcher/*/; do
    [[ -d $other && ${other%/} != "$entry" ]] && rm -rf -- "$other"
  done
  bp_detail "sha256 ${BP_LAUNCHER_DIGEST}"
}
