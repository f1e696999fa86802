# shellcheck shell=bash
# Digests and digest lists. A list is the format of goreleaser's checksums.txt (promscale-contract.md
# §7): one "<hex digest>  <file name>" per line. The repository's own lists in buildpack/checksums/ use
# the same format, plus "#" comments.

# Read from stdin: sha256sum escapes unusual file names ("\" prefix), stdin has none.
bp_sha256() {
  local line
  line=$(sha256sum <"$1")
  printf '%s\n' "${line%% *}"
}

bp_sha512() {
  local line
  line=$(sha512sum <"$1")
  printf '%s\n' "${line%% *}"
}

# bp_listed_digests LIST_FILE NAME HEX_LENGTH: prints, lower-cased and de-duplicated, every digest the
# list gives for exactly NAME. Anchored on the whole name: "promscale_0.10.0_Linux_x86_64" does not
# match the ".deb" or ".rpm" lines of the same release. Tolerates CRLF, tabs, and sha256sum's "*".
bp_listed_digests() {
  local list=$1 name=$2 length=$3
  awk -v name="$name" -v length_="$length" '
    { sub(/\r$/, "") }
    /^[[:space:]]*(#|$)/ { next }
    NF == 2 {
      file = $2
      sub(/^\*/, "", file)
      digest = tolower($1)
      if (file == name && length(digest) == length_ && digest ~ /^[0-9a-f]+$/) print digest
    }' "$list" | sort -u
}

bp_is_hex_digest() {
  local value=$1 length=$2
  [[ ${#value} -eq $length && $value =~ ^[0-9a-fA-F]+$ ]]
}
