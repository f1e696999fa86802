# shellcheck shell=bash
# Reading the app's variables. Scalingo hands them to bin/compile twice: as files in ENV_DIR (one file
# per variable, the file's whole content is the value) and in the build container's environment
# (scalingo-platform.md §1.3). ENV_DIR wins; the environment is the fallback, which also serves local runs.
# Nothing here prints a value: callers validate a value's shape before they ever show it.

# bp_env_read ENV_DIR NAME OUTVAR: stores the value of NAME in OUTVAR and returns 0, or returns 1 when
# NAME is set nowhere. Trailing newlines (and a trailing CR, from an editor on Windows) are dropped.
bp_env_read() {
  local env_dir=$1 name=$2 out=$3 value
  if [[ -n "$env_dir" && -f "$env_dir/$name" ]]; then
    value=$(<"$env_dir/$name")
    value=${value%$'\r'}
  elif [[ -v $name ]]; then
    value=${!name}
  else
    return 1
  fi
  printf -v "$out" '%s' "$value"
}
