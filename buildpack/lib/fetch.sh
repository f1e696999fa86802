# shellcheck shell=bash
# shellcheck disable=SC2034 # BP_FETCH_ERROR and BP_FETCH_UNREACHABLE are results read by the callers.
# Downloads with retries and timeouts. curl's own messages are silenced because they name the host,
# and a host can come from an app variable (PROMSCALE_DOWNLOAD_URL); bp_fetch explains failures itself.

# Set by bp_fetch on failure: a sentence saying what went wrong, and whether the host was unreachable.
BP_FETCH_ERROR=''
BP_FETCH_UNREACHABLE=false

# bp_fetch URL OUTPUT MAX_SECONDS: downloads URL into OUTPUT. On failure removes OUTPUT, sets
# BP_FETCH_ERROR and BP_FETCH_UNREACHABLE, and returns 1.
bp_fetch() {
  local url=$1 output=$2 max_time=$3 status=0 http_code
  BP_FETCH_ERROR=''
  BP_FETCH_UNREACHABLE=false
  # --retry covers timeouts and HTTP 408/429/5xx, --retry-connrefused a host that is briefly down;
  # a 404 is final. All options exist in curl 7.81, the oldest curl of the supported stacks.
  http_code=$(curl --silent --location --fail \
    --proto '=https,http' --proto-redir '=https,http' \
    --retry 3 --retry-delay 2 --retry-connrefused \
    --connect-timeout 10 --max-time "$max_time" \
    --output "$output" --write-out '%{http_code}' -- "$url") || status=$?
  if ((status == 0)); then
    return 0
  fi
  rm -f -- "$output"
  case $status in
    22) BP_FETCH_ERROR="the server answered HTTP ${http_code}" ;;
    5 | 6) BP_FETCH_ERROR='the host name could not be resolved'; BP_FETCH_UNREACHABLE=true ;;
    7) BP_FETCH_ERROR='the connection was refused or the host is unreachable'; BP_FETCH_UNREACHABLE=true ;;
    28) BP_FETCH_ERROR="no complete answer within the time limit (${max_time} s)"; BP_FETCH_UNREACHABLE=true ;;
    35 | 51 | 58 | 59 | 60 | 77 | 80 | 83 | 90 | 91) BP_FETCH_ERROR="the TLS connection failed (curl exit ${status})" ;;
    52 | 56 | 92) BP_FETCH_ERROR="the connection broke during the transfer (curl exit ${status})"; BP_FETCH_UNREACHABLE=true ;;
    *) BP_FETCH_ERROR="curl failed with exit status ${status}" ;;
  esac
  return 1
}
