# shellcheck shell=bash
# Reading the app's variables. Scalingo hands them to bin/compile twice: as files in ENV_DIR (one file
# per variable, the file's whole content is the value) and in the build container's environment
# (scalingo-platform.md §1.3). ENV_DIR wins; the environment is the fallback, which also serves local runs.
# Nothing here prints a value: callers validate a value's shape before they ever show it.

# bp_env_read ENV_DIR NAME OUTVAR: stores the value of NAME in OUTVAR and returns 0, or returns 1 when
# NAME is set nowhere. Trailing newlines (and a trailing CR, from an editor on Windows) are dropped.
bp_env_read() {
  # Local names unlikely to be the caller's OUTVAR: printf -v assigns to the innermost variable of
  # that name, so a local called like the caller's variable would swallow the value.
  local _bp_env_dir=$1 _bp_env_name=$2 _bp_env_out=$3 _bp_env_value
  if [[ -n $_bp_env_dir && -f $_bp_env_dir/$_bp_env_name ]]; then
    _bp_env_value=$(<"$_bp_env_dir/$_bp_env_name")
    _bp_env_value=${_bp_env_value%$'\r'}
  elif [[ -v $_bp_env_name ]]; then
    _bp_env_value=${!_bp_env_name}
  else
    return 1
  fi
  printf -v "$_bp_env_out" '%s' "$_bp_env_value"
}
