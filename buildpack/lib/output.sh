# shellcheck shell=bash
# Output in the Heroku/Scalingo buildpack style (scalingo-platform.md §1.3): a "-----> " header per
# step, details indented by 7 spaces on stdout, warnings and errors prefixed " !     " on stderr.

bp_header() {
  printf -- '-----> %s\n' "$*"
}

bp_detail() {
  local line
  for line in "$@"; do
    printf '       %s\n' "$line"
  done
}

bp_warn() {
  local line
  for line in "$@"; do
    printf ' !     %s\n' "$line" >&2
  done
}

# Prints every argument as one error line on stderr and ends the build with exit status 1.
bp_fail() {
  bp_warn "$@"
  exit 1
}

# Indents a stream (a tool's own output) as detail lines.
bp_indent() {
  sed -e 's/^/       /'
}
